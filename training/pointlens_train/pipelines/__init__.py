"""One module per step of training/Makefile, run as `python -m pointlens_train.pipelines.<step>`; steps never
import each other (tests/test_layout.py)."""
