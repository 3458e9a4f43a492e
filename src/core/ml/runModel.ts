/**
 * Runs a model on one input tensor and returns its output as floats. The pipelines in core/ml take
 * one of these, so that they do not know which runtime or provider is behind it.
 */
export type RunModel = (input: Float32Array, dims: number[]) => Promise<Float32Array>;
