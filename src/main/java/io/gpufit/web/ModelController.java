package io.gpufit.web;

import io.gpufit.application.CatalogModel;
import io.gpufit.application.CatalogModels;
import io.gpufit.model.ModelArchitecture;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "models", description = "The model catalog: architectures and exact parameter counts")
class ModelController {

    private final CatalogModels catalog;

    ModelController(CatalogModels catalog) {
        this.catalog = catalog;
    }

    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "listModels",
            summary = "List the models in the catalog",
            description = "One line per model: id, exact parameter counts, KV cache per token in BF16 and "
                    + "context length. These ids go in model.")
    ModelList list() {
        return new ModelList(catalog.all().stream().map(ModelSummary::of).toList());
    }

    @GetMapping(path = "/models/{org}/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getModel",
            summary = "One model: counts, architecture and weights by part (BF16)",
            description = "The architecture read from the model's config.json, its exact parameter count and "
                    + "the weights by part in BF16. The id is case-insensitive.")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(
            responseCode = "404",
            description = "Not in the catalog",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "unknown",
                                            summary = "GET /models/meta-llama/Llama-3.1-8B-Instrcut (a typo)",
                                            description = "A typo in the model name.",
                                            value = ApiExamples.MODEL_404)))
    ModelDetail one(
            @Parameter(description = "Organisation", example = "meta-llama") @PathVariable String org,
            @Parameter(description = "Model name", example = "Llama-3.1-8B") @PathVariable String name) {
        return detail(org + "/" + name);
    }

    @GetMapping(path = "/models/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "getModelByName",
            summary = "One model by its name without the organisation, when only one catalog model has it",
            description = "As GET /models/{org}/{name}, for a name one catalog model has (e.g. Llama-3.1-8B): "
                    + "case-insensitive. A name several models share, or none has, answers 404 naming the "
                    + "candidates or the closest ids.")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(
            responseCode = "404",
            description = "Not in the catalog, or several catalog models have this name; the problem says which",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "unknown",
                                            summary = "GET /models/Llama-3.1-8B-Instrcut (a typo)",
                                            description = "A typo in the model name.",
                                            value = ApiExamples.MODEL_BY_NAME_404)))
    ModelDetail byName(
            @Parameter(description = "Model name, case-insensitive", example = "Llama-3.1-8B") @PathVariable
                    String name) {
        return detail(name);
    }

    private ModelDetail detail(String id) {
        return ModelDetail.of(catalog.find(id)
                .orElseThrow(() -> new NotFoundException(NotFoundException.Kind.MODEL, id, catalog.notFound(id))));
    }

    @Schema(description = "Every model in the catalog.")
    record ModelList(List<ModelSummary> models) {}

    @Schema(description = "A catalog model in one line.")
    record ModelSummary(
            @Schema(example = "meta-llama/Llama-3.1-8B") String id,
            @Schema(example = "llama") String modelType,

            @Schema(description = "Exact parameter count.", example = "8030261248")
            long parameters,

            long activeParameters,

            @Schema(description = "KV cache per token in BF16 with every layer holding the token.", example = "131072")
            long kvCacheBytesPerToken,

            @Schema(description = "max_position_embeddings; null when the config has none.", example = "131072")
            @Nullable
            Integer contextLength) {

        static ModelSummary of(CatalogModel c) {
            ModelArchitecture m = c.model();
            return new ModelSummary(
                    m.modelId(),
                    m.modelType(),
                    m.parameters(),
                    m.activeParameters(),
                    c.kvCacheBytesPerToken(),
                    m.maxPositionEmbeddings());
        }
    }

    @Schema(description = "A catalog model in full.")
    record ModelDetail(
            String id,
            String modelType,
            long parameters,
            long activeParameters,
            long kvCacheBytesPerToken,

            @Schema(description = "max_position_embeddings; null when the config has none.") @Nullable
            Integer contextLength,

            ModelView.Architecture architecture,

            @Schema(description = "Parameters per part, with bytes in BF16.")
            List<ModelView.WeightPartView> weights,

            @Schema(description = "An optional module counted apart; null when none.")
            ModelView.@Nullable ExtraModule extraModule,

            @Schema(description = "The checkpoint's own quantization_config; null when unquantized.")
            ModelView.@Nullable Quantization quantization,

            List<String> notes) {

        static ModelDetail of(CatalogModel c) {
            ModelArchitecture m = c.model();
            ModelView view = ModelView.of(c.bf16Estimate());
            return new ModelDetail(
                    m.modelId(),
                    m.modelType(),
                    m.parameters(),
                    m.activeParameters(),
                    c.kvCacheBytesPerToken(),
                    m.maxPositionEmbeddings(),
                    view.architecture(),
                    view.weights(),
                    view.extraModule(),
                    view.quantization(),
                    m.notes());
        }
    }
}
