#!/usr/bin/env python3
"""Save a TensorFlow model's intermediate outputs for one input as an .npz named by layer.

Tensor Parity compares these activations with its own run of the model, layer by layer, and names the first
layer whose output leaves tolerance (`tensor-parity compare-models MODEL OUT.npz --input INPUT.npy`, where MODEL is
the deployed model: a .tflite converted from the same Keras file, a TensorFlow.js model.json, or a SavedModel).

Needs only what the model already needs: numpy and tensorflow (or keras 3). No other packages.

As a script:
    python dump_activations.py MODEL INPUT.npy OUT.npz
  MODEL is a Keras file (.keras, .h5) or a TensorFlow SavedModel folder; INPUT.npy is the exact model input
  (batch dimension included). Each array in OUT.npz is named by the layer (Keras) or graph node (SavedModel)
  that produced it.

As a module:
    from dump_activations import dump_keras, dump_saved_model, dump_graph
    dump_keras(model, x, 'activations.npz')            # a loaded Keras model
    dump_saved_model('saved_model_dir', x, 'act.npz')  # signature 'serving_default'
    dump_graph(graph, {'input_1': x}, 'act.npz')       # a tf.Graph / GraphDef (e.g. a frozen graph)

Each function also returns the dict it saved ({name: numpy array}).
"""
import os
import sys

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import numpy as np  # noqa: E402

# Ops whose outputs are not activations: constants, variables, plumbing.
SKIP_OPS = {
    'Const', 'Placeholder', 'PlaceholderWithDefault', 'NoOp', 'Identity', 'IdentityN', 'VarHandleOp',
    'ReadVariableOp', 'VariableV2', 'AssignVariableOp', 'Shape', 'Pack', 'StridedSlice', 'Assert',
}


def _save(out_path, arrays):
    """np.savez with names made safe for a zip member (':' and '/' are kept as the names tell the layer)."""
    if not arrays:
        raise SystemExit('dump_activations: the model produced no intermediate outputs to save')
    np.savez(out_path, **arrays)
    return arrays


def dump_keras(model, x, out_path):
    """Runs a Keras model on x and saves every layer's output (a layer with several outputs gets name/0, name/1...)."""
    import tensorflow as tf
    try:
        import keras
        Model = keras.Model
    except ImportError:  # tf.keras only
        Model = tf.keras.Model
    layers = [layer for layer in model.layers if layer.__class__.__name__ != 'InputLayer']
    outputs, names = [], []
    for layer in layers:
        out = layer.output
        if isinstance(out, (list, tuple)):
            for i, o in enumerate(out):
                outputs.append(o)
                names.append(f'{layer.name}/{i}')
        else:
            outputs.append(out)
            names.append(layer.name)
    # A single-input model takes the array itself (a list would not match its input structure).
    probe = Model(inputs=model.inputs[0] if len(model.inputs) == 1 else model.inputs, outputs=outputs)
    values = probe(x, training=False)
    if not isinstance(values, (list, tuple)):
        values = [values]
    return _save(out_path, {n: np.asarray(v) for n, v in zip(names, values)})


def dump_graph(graph, feeds, out_path, fetch=None):
    """Runs a tf.Graph or GraphDef once with feeds {input name: array} and saves the first output of every op.

    fetch: optional list of op names to save (default: every op except constants, variables and plumbing).
    """
    import tensorflow as tf
    if isinstance(graph, tf.compat.v1.GraphDef):
        g = tf.Graph()
        with g.as_default():
            tf.compat.v1.import_graph_def(graph, name='')
        graph = g
    feed_tensors = {graph.get_tensor_by_name(k if ':' in k else f'{k}:0'): v for k, v in feeds.items()}
    fed_ops = {t.op.name for t in feed_tensors}
    ops = [op for op in graph.get_operations()
           if op.outputs and op.name not in fed_ops
           and (op.name in fetch if fetch is not None else op.type not in SKIP_OPS)
           and op.outputs[0].dtype.is_numpy_compatible]
    with tf.compat.v1.Session(graph=graph) as sess:
        values = sess.run([op.outputs[0] for op in ops], feed_dict=feed_tensors)
    return _save(out_path, {op.name: np.asarray(v) for op, v in zip(ops, values)})


def dump_saved_model(saved_model_dir, x, out_path, signature='serving_default'):
    """Freezes a SavedModel signature (variables become constants) and saves every node's output for input x."""
    import tensorflow as tf
    from tensorflow.python.framework.convert_to_constants import convert_variables_to_constants_v2
    loaded = tf.saved_model.load(saved_model_dir)
    fn = loaded.signatures[signature]
    frozen = convert_variables_to_constants_v2(fn)
    graph_def = frozen.graph.as_graph_def()
    inputs = [t for t in frozen.inputs if t.dtype != tf.resource]
    if len(inputs) != 1:
        names = ', '.join(t.name for t in inputs)
        raise SystemExit(f'dump_activations: {saved_model_dir} has {len(inputs)} inputs ({names}); call dump_graph with one feed per input')
    return dump_graph(graph_def, {inputs[0].name: x}, out_path)


def dump_model_file(model_path, x, out_path):
    """Dispatches on the model's form: a SavedModel folder, or a Keras .keras/.h5 file."""
    if os.path.isdir(model_path):
        return dump_saved_model(model_path, x, out_path)
    try:
        import keras
        model = keras.models.load_model(model_path, compile=False)
    except ImportError:
        import tensorflow as tf
        model = tf.keras.models.load_model(model_path, compile=False)
    return dump_keras(model, x, out_path)


def main(argv):
    if len(argv) != 3 or argv[0] in ('-h', '--help'):
        print(__doc__)
        return 0 if argv[:1] in (['-h'], ['--help']) else 2
    model_path, input_path, out_path = argv
    x = np.load(input_path)
    arrays = dump_model_file(model_path, x, out_path)
    print(f'dump_activations: saved {len(arrays)} activations to {out_path}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
