import torch

from pointlens_train.pipelines.train_cls import WeightAverage


def _net() -> torch.nn.Module:
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))


def test_the_average_moves_towards_the_network_by_one_minus_the_decay():
    torch.manual_seed(0)
    net = _net()
    average = WeightAverage(net, 0.75)
    before = {k: v.clone() for k, v in average.model.state_dict().items()}
    with torch.no_grad():
        for p in net.parameters():
            p.add_(1.0)
    net.train()
    net(torch.randn(8, 3))  # BatchNorm's running statistics and batch count move too
    average.update(net)
    now, theirs = average.model.state_dict(), net.state_dict()
    for k, v in now.items():
        if v.dtype.is_floating_point:
            assert torch.allclose(v, 0.75 * before[k] + 0.25 * theirs[k]), k
        else:
            assert torch.equal(v, theirs[k]), k
    assert not torch.equal(now["1.running_mean"], before["1.running_mean"])


def test_the_average_is_a_copy_that_training_does_not_touch():
    net = _net()
    average = WeightAverage(net, 0.9)
    with torch.no_grad():
        net[0].weight.add_(5.0)
    assert not torch.equal(average.model[0].weight, net[0].weight)
    assert not average.model.training
    assert all(not p.requires_grad for p in average.model.parameters())
