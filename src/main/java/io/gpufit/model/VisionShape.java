package io.gpufit.model;

/**
 * A multimodal model's image encoder, as vLLM profiles it at startup: it encodes dummy images of
 * the largest size the processor accepts and keeps their embeddings (and the pixel values) alive
 * through the profiling forward pass.
 *
 * @param encoder         the tower, e.g. {@code siglip}, {@code pixtral}, {@code moonvit}
 * @param imageSize       side in pixels of one dummy image tile
 * @param tilesPerImage   tiles (crops) one largest image is cut into, 1 when the image is not tiled
 * @param tokensPerImage  embeddings (decoder tokens) one largest image becomes
 */
public record VisionShape(String encoder, int imageSize, int tilesPerImage, int tokensPerImage) {

    public VisionShape {
        if (imageSize < 1 || tilesPerImage < 1 || tokensPerImage < 1) {
            throw new IllegalArgumentException("vision sizes must be positive");
        }
    }
}
