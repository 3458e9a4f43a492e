import torch
import torch.nn.functional as F

from pointlens_train.pipelines.train_cls import logit_normalised


def test_logit_norm_rows_have_norm_one_over_tau_and_keep_their_direction():
    logits = torch.tensor([[3.0, -1.0, 0.5], [0.2, 0.1, -4.0]])
    out = logit_normalised(logits, 0.04)
    torch.testing.assert_close(torch.linalg.vector_norm(out, dim=1), torch.full((2,), 25.0))
    torch.testing.assert_close(out * 0.04 * torch.linalg.vector_norm(logits, dim=1, keepdim=True), logits)
    assert torch.equal(out.argmax(1), logits.argmax(1))


def test_logit_norm_loss_cannot_be_lowered_by_scaling_the_logits():
    logits, target = torch.tensor([[2.0, -1.0, 0.5, 0.0]]), torch.tensor([0])
    losses = [F.cross_entropy(logit_normalised(logits * s, 0.1), target) for s in (0.5, 1.0, 10.0)]
    torch.testing.assert_close(losses[0], losses[2])
    torch.testing.assert_close(losses[1], losses[2])
    # without it, larger logits of the right class always lower the loss: what makes a network over-confident
    assert F.cross_entropy(logits * 10, target) < F.cross_entropy(logits, target)


def test_tau_zero_leaves_the_logits_as_they_are():
    logits = torch.randn(4, 5)
    assert logit_normalised(logits, 0.0) is logits
