import numpy as np

from pointlens_train.datasets.scene_labels import NAMES
from pointlens_train.datasets.scenes import Scene
from pointlens_train.instance_classifier import BOXED, NONE, labelled_proposals
from pointlens_train.piece_proposals import PieceProposals, merged_pieces, touching_pieces

PARAMS = PieceProposals(k=0.05, min_cells=5, colour_weight=0.0, max_difference=0.5, max_extent=3.5)
FLOOR, TABLE, CHAIR = NAMES.index("floor"), NAMES.index("table"), NAMES.index("chair")


def _slab(lo, hi, step=0.05):
    axes = [np.arange(a, b + 1e-9, step) if b > a else np.array([a]) for a, b in zip(lo, hi)]
    return np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], 1)


def _scene():
    """A floor (piece 0), a table top (1) on a leg block (2) touching it, and a chair seat (3) 2 m away."""
    parts = [_slab((0, 0, 0), (4, 3, 0), 0.1), _slab((0.5, 0.5, 0.7), (1.5, 1.2, 0.7)),
             _slab((0.5, 0.5, 0.1), (0.6, 0.6, 0.65)), _slab((3.0, 2.0, 0.45), (3.4, 2.4, 0.45))]
    xyz = np.concatenate(parts).astype(np.float32)
    piece = np.concatenate([np.full(len(p), i) for i, p in enumerate(parts)]).astype(np.int64)
    probs = np.full((len(xyz), len(NAMES)), 0.01)
    probs[piece == 0, FLOOR] = 0.9
    probs[piece == 1, TABLE] = 0.8
    probs[piece == 2, TABLE] = 0.5
    probs[piece == 2, CHAIR] = 0.3
    probs[piece == 3, CHAIR] = 0.8
    return xyz, piece, probs


def test_touching_pieces_are_the_pairs_whose_cells_meet():
    xyz, piece, _ = _scene()
    pairs = touching_pieces(xyz, piece)
    assert (1, 2) in pairs and (0, 2) in pairs
    assert not any(3 in p and 1 in p for p in pairs)


def test_object_pieces_are_proposed_then_their_merges_never_the_floor():
    xyz, piece, probs = _scene()
    found = merged_pieces(xyz, piece, probs, PARAMS, min_points=10)
    sets = [set(piece[m].tolist()) for m in found]
    assert sets == [{1}, {2}, {3}, {1, 2}]
    assert all(np.all(np.diff(m) > 0) for m in found)


def test_merges_stop_at_the_extent_and_the_difference_allowed():
    xyz, piece, probs = _scene()
    narrow = PieceProposals(**{**PARAMS.__dict__, "max_extent": 0.5})
    assert [set(piece[m].tolist()) for m in merged_pieces(xyz, piece, probs, narrow, 10)] == [{1}, {2}, {3}]
    strict = PieceProposals(**{**PARAMS.__dict__, "max_difference": 0.1})
    assert len(merged_pieces(xyz, piece, probs, strict, 10)) == 3


def test_small_pieces_are_not_proposed_and_no_points_give_nothing():
    xyz, piece, probs = _scene()
    found = merged_pieces(xyz, piece, probs, PARAMS, min_points=int((piece == 1).sum()) + 1)
    assert all(len(m) > (piece == 1).sum() for m in found)
    assert merged_pieces(np.zeros((0, 3), np.float32), np.zeros(0, np.int64), np.zeros((0, len(NAMES))), PARAMS, 1) == []


def test_training_proposals_are_labelled_by_their_overlap_with_true_instances():
    xyz, piece, _ = _scene()
    labels = np.where(piece == 0, FLOOR, np.where(piece == 3, CHAIR, TABLE)).astype(np.int64)
    instances = np.where(piece == 0, 0, np.where(piece == 3, 2, 1)).astype(np.int64)
    scene = Scene("s", "r", "scannet", xyz, None, labels, instances, np.zeros((0, 7)))
    table = np.nonzero((piece == 1) | (piece == 2))[0]
    legs = np.nonzero(piece == 2)[0]
    top = np.nonzero(piece == 1)[0]
    floor = np.nonzero(piece == 0)[0][:50]
    out = labelled_proposals(scene, [table, legs, top, floor])
    got = {len(m): c for m, c in out}
    assert got[len(table)] == BOXED.index(TABLE)
    assert got[len(floor)] == NONE
    # the top alone is most of the table (IoU above 0.5), the legs alone are in between: no label
    assert got[len(top)] == BOXED.index(TABLE) and len(legs) not in got
    # with the class given from a point IoU of 0.25 (what AP@0.25 counts as found), the legs are table too
    looser = {len(m): c for m, c in labelled_proposals(scene, [table, legs, top, floor], positive=0.25)}
    assert looser[len(legs)] == BOXED.index(TABLE) and looser[len(floor)] == NONE


def test_the_pipelines_proposals_are_the_piece_proposals_alone_where_no_voxel_size_is_given():
    from pointlens_train.classified_instances import one_hot, proposals
    from pointlens_train.piece_proposals import piece_proposals

    xyz, piece, probs = _scene()
    pred = probs.argmax(1)
    cfg = {"boxes": {"voxel": 0.1, "min_points": 10}}
    got = proposals(xyz, pred, cfg, False, [], PARAMS.__dict__, None, one_hot(pred))
    want = piece_proposals(xyz, None, one_hot(pred), PARAMS, 10)
    assert len(got) == len(want) > 0 and all(np.array_equal(a, b) for a, b in zip(got, want))
    # the components of each class (the table, the chair) come first where voxel sizes are given
    assert len(proposals(xyz, pred, cfg, False, None, PARAMS.__dict__, None, one_hot(pred))) == 2 + len(want)


def test_piece_examples_label_the_piece_proposals_of_each_training_scene():
    from pointlens_train.instance_classifier import piece_examples

    xyz, piece, probs = _scene()
    labels = np.where(piece == 0, FLOOR, np.where(piece == 3, CHAIR, TABLE)).astype(np.int64)
    instances = np.where(piece == 0, 0, np.where(piece == 3, 2, 1)).astype(np.int64)
    scene = Scene("s", "r", "scannet", xyz, None, labels, instances, np.zeros((0, 7)))
    out = piece_examples([scene, scene], lambda sc: probs, PARAMS, 10)
    assert {j for j, _, _ in out} == {0, 1}
    # the chair seat alone is its whole instance
    chair = np.nonzero(piece == 3)[0]
    assert any(np.array_equal(m, chair) and c == BOXED.index(CHAIR) for _, m, c in out)
