package io.gpufit.web;

import io.gpufit.application.Estimations;
import io.gpufit.application.PlanInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "plan", description = "Batch planning for schedulers: many scenarios in one call")
class PlanController {

    static final int MAX_SCENARIOS = 1000;

    static final String EXAMPLE = """
            {
              "gpus": ["l4", "a100-sxm4-80gb", "h100"],
              "scenarios": [
                {"name": "chat-8b", "request": {"model": "meta-llama/Llama-3.1-8B", "batchSize": 32,
                  "sequenceLength": 8192, "engine": {"name": "vllm"}}},
                {"name": "batch-70b", "request": {"model": "meta-llama/Llama-3.1-70B", "batchSize": 8,
                  "sequenceLength": 4096}}
              ]
            }""";

    private final Estimations estimations;
    private final RequestLimits limits;

    PlanController(Estimations estimations, RequestLimits limits) {
        this.estimations = estimations;
        this.limits = limits;
    }

    @PostMapping(
            path = "/plan",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "plan",
            summary = "Plan many scenarios at once",
            description = "Each scenario is a POST /estimate request; the answer gives, per scenario, the recommended "
                    + "placement and the full candidate table. gpus applies to scenarios that name none.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            schema = @Schema(implementation = PlanRequest.class),
                                            examples = @ExampleObject(name = "two scenarios", value = EXAMPLE))))
    @ApiResponse(responseCode = "200", description = "One result per scenario, in order")
    @ApiResponse(
            responseCode = "400",
            description = "Invalid input: fields named as scenarios[i].request.field (top-level gpus as gpus[i]); "
                    + "or more candidate rows than gpufit.limits.max-plan-candidates (5,000)",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples = {
                                @ExampleObject(
                                        name = "missing field",
                                        summary = "A scenario without sequenceLength",
                                        description =
                                                "The answer to a plan whose first scenario has no sequenceLength.",
                                        value = ApiExamples.PLAN_400),
                                @ExampleObject(
                                        name = "too many candidate rows",
                                        summary = "1,000 scenarios on the whole catalog",
                                        description = "The answer to 1,000 scenarios that name no gpus, each weighed "
                                                + "against the 24 GPUs of the catalog: 24,000 rows.",
                                        value = ApiExamples.PLAN_400_TOO_LARGE)
                            }))
    @ApiResponse(
            responseCode = "408",
            description = "The body did not arrive in full within gpufit.limits.body-read-timeout (10 s), or "
                    + "paused longer than server.tomcat.connection-timeout (10 s); the connection is closed",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "stalled body",
                                            summary = "A body that stopped arriving",
                                            description = "The answer to a body that stopped arriving halfway.",
                                            value = ApiExamples.PLAN_408)))
    @ApiResponse(
            responseCode = "413",
            description = "The body is larger than gpufit.limits.max-plan-body-size (8 MiB): refused "
                    + "before it is parsed, at once when Content-Length says so",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "too large",
                                            summary = "A body declared 10,000,000 bytes long",
                                            description = "The answer to Content-Length: 10000000, sent before the "
                                                    + "body, which was never read.",
                                            value = ApiExamples.PLAN_413)))
    @ApiResponse(
            responseCode = "415",
            description = "The body was not sent as Content-Type: application/json",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "text/plain",
                                            summary = "A body sent as text/plain",
                                            description = "The answer to a body sent with Content-Type: text/plain.",
                                            value = ApiExamples.PLAN_415)))
    @ApiResponse(
            responseCode = "502",
            description = "A scenario's model needed the Hugging Face Hub and the fetch failed (only with "
                    + "gpufit.hub.enabled); paste the config.json as modelConfig instead",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "gated model",
                                            summary = "A gated model without HF_TOKEN on the server",
                                            description =
                                                    "The Hub answers 401 for a gated model when the server has no HF_TOKEN, and "
                                                            + "for a model id that does not exist.",
                                            value = ApiExamples.PLAN_502)))
    @ApiResponse(
            responseCode = "504",
            description = "The Hugging Face Hub did not answer in time for a scenario's model",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemSchema.class),
                            examples =
                                    @ExampleObject(
                                            name = "timeout",
                                            summary = "No config.json within the read timeout",
                                            description =
                                                    "The Hub did not answer within the read timeout (default 5 s).",
                                            value = ApiExamples.PLAN_504)))
    PlanResponse plan(
            @Valid @RequestBody PlanRequest request,
            @Parameter(
                            description = "full (default), or summary: each scenario's answer without the "
                                    + "candidates' tried placements and engine derivations",
                            schema =
                                    @Schema(
                                            allowableValues = {"full", "summary"},
                                            defaultValue = "full"))
                    @RequestParam(name = "view", required = false)
                    String view) {
        ResponseView chosen = ResponseView.of(view);
        return new PlanResponse(estimations.plan(request.toInput(), limits.planLimits()).stream()
                .map(s -> new ScenarioResult(s.index(), s.name(), EstimateController.response(s.estimation(), chosen)))
                .toList());
    }

    @Schema(description = "Scenarios to plan, and the candidate GPUs for those that name none.")
    record PlanRequest(
            @Schema(
                    description =
                            "Candidate GPU ids or short names for scenarios without their own gpus; default: all.")
            @Size(min = 1, max = 100)
            List<@NotBlank @Size(max = 64) String> gpus,

            @Schema(description = "1 to 1,000 scenarios.") @NotEmpty @Size(max = MAX_SCENARIOS)
            List<@NotNull @Valid PlanScenario> scenarios) {

        PlanInput toInput() {
            return new PlanInput(
                    gpus,
                    scenarios.stream()
                            .map(s ->
                                    new PlanInput.Scenario(s.name(), s.request().toInput()))
                            .toList());
        }
    }

    @Schema(description = "One scenario: a name and a POST /estimate request.")
    record PlanScenario(
            @Schema(description = "A label echoed in the result.", example = "chat-8b") @Size(max = 200)
            String name,

            @NotNull @Valid EstimateRequest request) {}

    @Schema(description = "One result per scenario, in the order given.")
    record PlanResponse(List<ScenarioResult> results) {}

    @Schema(description = "A scenario's estimate: recommendation (the placement) and the full candidate table.")
    record ScenarioResult(
            int index,

            @Schema(description = "The scenario's name, as given; null when it has none.") @Nullable
            String name,

            EstimateResponse estimate) {}
}
