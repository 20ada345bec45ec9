package io.gpufit.model;

/**
 * Identical weight tensors of a model, e.g. "the q_proj of every layer" or "the down projections
 * of all routed experts". A matrix is {@code rows x columns} in PyTorch's {@code [out, in]}
 * orientation; a vector is {@code rows x 1}.
 *
 * @param name         what the tensors are, e.g. {@code layers.*.self_attn.q_proj.weight}
 * @param part         where they are reported
 * @param matrix       a linear layer's weight, which quantized formats store quantized; biases,
 *                     norms, embeddings, routers and the output head stay in 16-bit
 * @param rows         out features (vector length for vectors)
 * @param columns      in features (1 for vectors)
 * @param copies       how many such tensors the model holds
 * @param activeCopies how many of them one token uses (fewer than copies for routed experts)
 */
public record TensorGroup(String name, WeightPart part, boolean matrix, long rows, long columns, long copies,
        long activeCopies) {

    public TensorGroup {
        if (rows <= 0 || columns <= 0 || copies < 0 || activeCopies < 0 || activeCopies > copies) {
            throw new IllegalArgumentException("invalid tensor group " + name + ": " + rows + " x " + columns
                    + " x " + copies + " (" + activeCopies + " active)");
        }
    }

    /** A linear layer's weight matrix, used by every token. */
    static TensorGroup linear(String name, WeightPart part, long out, long in, long copies) {
        return new TensorGroup(name, part, true, out, in, copies, copies);
    }

    /** A vector (norm weight, bias, sink), used by every token. */
    static TensorGroup vector(String name, WeightPart part, long length, long copies) {
        return new TensorGroup(name, part, false, length, 1, copies, copies);
    }

    public long elementsPerCopy() {
        return Math.multiplyExact(rows, columns);
    }

    public long parameters() {
        return Math.multiplyExact(elementsPerCopy(), copies);
    }

    public long activeParameters() {
        return Math.multiplyExact(elementsPerCopy(), activeCopies);
    }

    /** This group with its copy counts multiplied, e.g. per-layer tensors over all layers. */
    TensorGroup times(long layers) {
        return new TensorGroup(name, part, matrix, rows, columns, Math.multiplyExact(copies, layers),
                Math.multiplyExact(activeCopies, layers));
    }
}
