import math

import torch

from pointlens_train.pipelines.train_cls import supervised_contrastive


def test_clustered_classes_score_lower_than_mixed_ones():
    labels = torch.tensor([0, 0, 1, 1])
    clustered = torch.tensor([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    mixed = clustered[[0, 2, 1, 3]]
    assert supervised_contrastive(clustered, labels, 0.1) < supervised_contrastive(mixed, labels, 0.1)


def test_value_matches_the_definition_on_a_small_batch():
    # rows 0 and 1 share a class, row 2 has none: it anchors nothing, but is a negative for the others
    f = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    tau = 0.5
    z = f / f.norm(dim=1, keepdim=True)
    s = z @ z.T / tau
    row0 = -(s[0, 1] - torch.logsumexp(s[0, [1, 2]], 0))
    row1 = -(s[1, 0] - torch.logsumexp(s[1, [0, 2]], 0))
    expected = (row0 + row1) / 2
    torch.testing.assert_close(supervised_contrastive(f, torch.tensor([3, 3, 7]), tau), expected)


def test_length_of_the_activations_does_not_matter_and_gradients_flow():
    f = torch.randn(6, 8, requires_grad=True)
    labels = torch.tensor([0, 0, 1, 1, 2, 2])
    loss = supervised_contrastive(f, labels, 0.1)
    torch.testing.assert_close(loss, supervised_contrastive(f * 7.0, labels, 0.1))
    loss.backward()
    assert torch.isfinite(f.grad).all() and f.grad.abs().sum() > 0
    assert math.isfinite(loss.item())
