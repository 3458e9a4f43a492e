"""Fits the cue weights of src/core/geometry/upAxis.ts (AXIS_WEIGHTS, SIGN_WEIGHTS).

    npx tsx scripts/up-axis-accuracy.ts --cues=cues.json
    python3 scripts/fit_up_axis_weights.py cues.json

Two small logistic models per subject (scene, single view or object), fitted by gradient descent on the
files with an even index in each data set (the fitting half): a softmax over the three axes on
the axis cues, and a logistic sign on the true axis's sign cues (odd in the sign, so no bias
term). Every data set weighs the same in the loss, so that the 726 ModelNet airplanes do not
decide the object weights alone. Prints the weights and the accuracy on the fitting half and on
the other, held-out half.
"""
import json
import sys

import numpy as np

AXIS_CUES = ['endPlane', 'planeGap', 'emptyEnd', 'endRatio', 'facing', 'mirror', 'lopsided', 'wideEnd', 'endGap', 'storey', 'thinness', 'view', 'narrowView']
SIGN_CUES = ['floor', 'footprint', 'lowMass', 'lowInnerMass', 'lowSurfaces', 'furnitureTops', 'lookingDown']
SENSOR_CUES = {'view', 'narrowView'}
# storey and furniture heights are read in metres: rooms only; the thinnest extent says
# nothing of a room. A single frame from a sensor is judged on the sensor's own cues (it looks
# level, and sees wider than high) and on the two surface cues a single view shows as a room
# scan does (a plane at one end, surfaces facing along); its other cues measure the view, not
# the room (points thin out away from the camera, and there is no back half or ceiling).
UNUSED = {
    'scene': {'thinness', 'lookingDown'} | SENSOR_CUES,
    'view': set(AXIS_CUES) - SENSOR_CUES - {'endPlane', 'facing'},
    'object': {'storey', 'furnitureTops', 'lookingDown'} | SENSOR_CUES,
}
L2 = 1e-3
STEPS = 20000
RATE = 2.0


def balance(rows):
    per_set = {}
    for r in rows:
        per_set[r['dataset']] = per_set.get(r['dataset'], 0) + 1
    w = np.array([1.0 / per_set[r['dataset']] for r in rows])
    return w / w.sum()


def truth(r):
    return 'xyz'.index(r['up'][1]), 1.0 if r['up'][0] == '+' else -1.0


def fit_axis(rows, used):
    x = np.array([[[a[c] for c in AXIS_CUES] for a in r['axes']] for r in rows])
    target = np.eye(3)[[truth(r)[0] for r in rows]]
    weight, mask = balance(rows), np.array([c in used for c in AXIS_CUES], dtype=float)
    w = np.zeros(len(AXIS_CUES))
    for _ in range(STEPS):
        s = x @ w
        p = np.exp(s - s.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        grad = (weight[:, None, None] * (p - target)[:, :, None] * x).sum((0, 1)) + L2 * w
        w -= RATE * grad * mask
    return w


def fit_sign(rows, used):
    x = np.array([[r['signs'][truth(r)[0]][c] for c in SIGN_CUES] for r in rows])
    y = np.array([truth(r)[1] for r in rows])
    weight, mask = balance(rows), np.array([c in used for c in SIGN_CUES], dtype=float)
    w = np.zeros(len(SIGN_CUES))
    for _ in range(STEPS):
        m = y * (x @ w)
        grad = -(weight * y / (1 + np.exp(m)))[:, None] * x
        w -= RATE * (grad.sum(0) + L2 * w) * mask
    return w


def accuracy(rows, wa, ws):
    """Scores the likeliest axis and then its likelier end, as upAxis.ts picks them."""
    out = {}
    for r in rows:
        a = int(np.argmax([sum(wa[i] * ax[c] for i, c in enumerate(AXIS_CUES)) for ax in r['axes']]))
        sign = 1.0 if sum(ws[i] * r['signs'][a][c] for i, c in enumerate(SIGN_CUES)) >= 0 else -1.0
        ta, ts = truth(r)
        k = out.setdefault(r['dataset'], [0, 0, 0])
        k[0] += a == ta and sign == ts
        k[1] += a == ta
        k[2] += 1
    return {k: f'{v[0]}/{v[2]} (axis {v[1]}/{v[2]})' for k, v in out.items()}


def ts_record(names, w):
    return '{ ' + ', '.join(f'{c}: {round(float(v), 2)}' for c, v in zip(names, w)) + ' }'


def main(path):
    rows = json.load(open(path))
    for subject in ('scene', 'view', 'object'):
        mine = [r for r in rows if r['subject'] == subject]
        fitting = [r for r in mine if r['index'] % 2 == 0]
        held = [r for r in mine if r['index'] % 2 == 1]
        wa = fit_axis(fitting, [c for c in AXIS_CUES if c not in UNUSED[subject]])
        ws = fit_sign(fitting, [c for c in SIGN_CUES if c not in UNUSED[subject]])
        print(f'{subject} axis: {ts_record(AXIS_CUES, wa)}')
        print(f'{subject} sign: {ts_record(SIGN_CUES, ws)}')
        print('  fitting half ', accuracy(fitting, wa, ws))
        print('  held-out half', accuracy(held, wa, ws))


if __name__ == '__main__':
    main(sys.argv[1])
