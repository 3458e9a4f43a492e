/**
 * Runs a model on one input tensor and returns its output as floats. The pipelines in core/ml take
 * one of these, so that they do not know which runtime or provider is behind it.
 */
export type RunModel = (input: Float32Array, dims: number[]) => Promise<Float32Array>;

/**
 * Runs a model and returns its outputs by name: for a model with more than one, such as the
 * classifier, whose open-set distance comes after its logits. Without `outputs`, every output but
 * those fetched only on demand (the manifest's `explain.pointFeatures`); with it, those named.
 */
export type RunModelOutputs = (input: Float32Array, dims: number[], outputs?: readonly string[]) => Promise<Record<string, Float32Array>>;

/**
 * The name of the error a model run rejects with when the runtime under it failed (out of memory,
 * a lost GPU device, a crash in its WebAssembly): the runtime may be unusable from then on.
 */
export const MODEL_RUN_FAILED = 'ModelRunFailed';
