"""Networks, each buildable from its config block."""
