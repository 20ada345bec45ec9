package io.gpufit.model;

/**
 * Identical weight tensors of a model, e.g. "the q_proj of every layer" or "the down projections
 * of all routed experts". A matrix is {@code rows x columns} in PyTorch's {@code [out, in]}
 * orientation; a vector is {@code rows x 1}.
 *
 * @param role         what the tensors do: decides sharding, stage, quantization and GGUF type
 * @param name         what the tensors are called in the checkpoint, e.g.
 *                     {@code model.layers.*.self_attn.q_proj.weight}; for people and for a
 *                     checkpoint's list of unconverted modules, never for decisions
 * @param matrix       a weight matrix rather than a vector (bias, norm weight, sink)
 * @param rows         out features (vector length for vectors)
 * @param columns      in features (1 for vectors)
 * @param copies       how many such tensors the model holds
 * @param activeCopies how many of them one token uses (fewer than copies for routed experts)
 */
public record TensorGroup(
        TensorRole role, String name, boolean matrix, long rows, long columns, long copies, long activeCopies) {

    public TensorGroup {
        if (rows <= 0 || columns <= 0 || copies < 0 || activeCopies < 0 || activeCopies > copies) {
            throw new IllegalArgumentException("invalid tensor group " + name + ": " + rows + " x " + columns + " x "
                    + copies + " (" + activeCopies + " active)");
        }
    }

    /** A weight matrix used by every token. */
    static TensorGroup matrix(TensorRole role, String name, long out, long in) {
        return new TensorGroup(role, name, true, out, in, 1, 1);
    }

    /** A vector (norm weight, bias, sink) used by every token. */
    static TensorGroup vector(TensorRole role, String name, long length, long copies) {
        return new TensorGroup(role, name, false, length, 1, copies, copies);
    }

    /** Where its bytes are reported. */
    public WeightPart part() {
        return role.part();
    }

    /** Whether a weight-only quantized format stores it quantized: a linear layer's weight matrix. */
    public boolean quantizable() {
        return matrix && role.linear();
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
        return new TensorGroup(
                role,
                name,
                matrix,
                rows,
                columns,
                Math.multiplyExact(copies, layers),
                Math.multiplyExact(activeCopies, layers));
    }

    /** The same tensors as routed experts: {@code experts} copies of which a token uses {@code perToken}. */
    TensorGroup asExperts(TensorRole expertRole, long experts, long perToken) {
        return new TensorGroup(expertRole, name, matrix, rows, columns, experts, perToken);
    }

    /** The same tensors in another role (e.g. a gated MLP reused as a shared expert). */
    TensorGroup as(TensorRole newRole) {
        return new TensorGroup(newRole, name, matrix, rows, columns, copies, activeCopies);
    }
}
