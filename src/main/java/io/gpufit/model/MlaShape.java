package io.gpufit.model;

/**
 * Multi-head latent attention (DeepSeek-V2 and V3): each layer caches one compressed latent per
 * token, shared by K and V, plus the decoupled rotary key.
 *
 * @param kvLoraRank   width of the latent ({@code kv_lora_rank})
 * @param qkRopeHeadDim width of the rotary key ({@code qk_rope_head_dim})
 */
public record MlaShape(int kvLoraRank, int qkRopeHeadDim) {

    /** Elements one layer caches per token: latent plus rotary key. */
    public long cachedElementsPerToken() {
        return (long) kvLoraRank + qkRopeHeadDim;
    }
}
