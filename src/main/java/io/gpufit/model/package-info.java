/**
 * Model architectures: reading a Hugging Face {@code config.json}, the shape it resolves to, and
 * the exact inventory of weight tensors (hence the parameter count) for each supported family.
 * Plain Java (Jackson's tree model for reading configs): no Spring, no HTTP.
 */
package io.gpufit.model;
