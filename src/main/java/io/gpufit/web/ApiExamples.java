package io.gpufit.web;

/**
 * The examples shown in Swagger UI and {@code /v3/api-docs}, one per response status: real answers of
 * this service, recorded from a running instance (the Hub ones with the fetch enabled, against a Hub that
 * refused a gated model and one that did not answer). {@code ApiExamplesTest} replays the requests and
 * fails when an answer no longer matches its example.
 */
final class ApiExamples {

    /** The seed request's answer: see {@link EstimateController#SEED_EXAMPLE}. */
    static final String ESTIMATE_200_SEED = """
            {
              "resolved": {
                "parameters": 1000000000,
                "numLayers": 16,
                "numAttentionHeads": 32,
                "numKeyValueHeads": 8,
                "headDim": 64,
                "attention": "GQA",
                "weightDtype": "fp16",
                "kvCacheDtype": "fp16",
                "kvCacheDtypeOrigin": "auto: the activation dtype, the weights' fp16",
                "weightGroupSize": null,
                "batchSize": 4,
                "sequenceLength": 256,
                "memoryUtilization": 0.9,
                "minHeadroomBytes": 2684354560
              },
              "model": {
                "id": null,
                "modelType": "explicit",
                "parameters": 1000000000,
                "activeParameters": 1000000000,
                "architecture": {
                  "numLayers": 16,
                  "hiddenSize": 0,
                  "attention": "GQA",
                  "numAttentionHeads": 32,
                  "numKeyValueHeads": 8,
                  "headDim": 64,
                  "vocabSize": 0,
                  "tiedEmbeddings": false,
                  "slidingWindow": 0,
                  "slidingLayers": 0,
                  "kvLoraRank": 0,
                  "qkRopeHeadDim": 0,
                  "numExperts": 0,
                  "expertsPerToken": 0,
                  "sharedExperts": 0,
                  "contextLength": null
                },
                "weights": [
                  {
                    "part": "unattributed",
                    "parameters": 1000000000,
                    "bytes": 2000000000
                  }
                ],
                "extraModule": null,
                "quantization": null
              },
              "weights": {
                "bytes": 2000000000,
                "gb": 2.0,
                "gib": 1.862645149230957,
                "human": "2.00 GB (1.86 GiB)"
              },
              "kvCache": {
                "bytesPerToken": 32768,
                "bytes": 33554432,
                "gb": 0.033554432,
                "gib": 0.03125,
                "human": "33.6 MB (32.0 MiB)"
              },
              "total": {
                "bytes": 2033554432,
                "gb": 2.033554432,
                "gib": 1.893895149230957,
                "human": "2.03 GB (1.89 GiB)"
              },
              "derivation": [
                "Weights = 1,000,000,000 params x 2 B (fp16) = 2,000,000,000 B (2.00 GB)",
                "KV cache per token = 2 (K and V) x 16 layers x (8 KV heads x 64) x 2 B (fp16) = 32,768 B",
                "KV cache = 4 sequences x 256 tokens x 32,768 B = 33,554,432 B (33.6 MB)",
                "Total = 2,000,000,000 B weights + 33,554,432 B KV cache = 2,033,554,432 B (2.03 GB)"
              ],
              "recommendation": {
                "gpu": "p100-pcie-16gb",
                "name": "NVIDIA Tesla P100 PCIe 16GB",
                "count": 1,
                "tensorParallelSize": 1,
                "pipelineParallelSize": 1,
                "budgetBytes": 14400000000,
                "headroomBytes": 12366445568,
                "headroomPercent": 85.88,
                "pricePerHourUsd": null,
                "reason": "Smallest compatible GPU that fits (the smaller card is the more available one): needs 2,033,554,432 B of its 14,400,000,000 B budget, leaving 12,366,445,568 B (85.88%), at least the minimum headroom of 2,684,354,560 B per GPU kept for the runtime; 3 larger or pricier GPUs also fit.",
                "deployment": {
                  "engineArgs": [
                    "--tensor-parallel-size=1",
                    "--pipeline-parallel-size=1",
                    "--max-model-len=256",
                    "--gpu-memory-utilization=0.3",
                    "--max-num-seqs=4"
                  ],
                  "kubernetes": {
                    "resources": {
                      "limits": {
                        "nvidia.com/gpu": 1
                      }
                    },
                    "nodeSelector": {
                      "nvidia.com/gpu.product": "Tesla-P100-PCIE-16GB"
                    }
                  },
                  "notes": [
                    "vLLM does not run on this GPU (vLLM needs compute capability 7.0 or higher; NVIDIA Tesla P100 PCIe 16GB has 6.0): serve with another engine, holding it to the same batch and length"
                  ]
                }
              },
              "shortfall": null,
              "candidates": [
                {
                  "gpu": "p100-pcie-16gb",
                  "name": "NVIDIA Tesla P100 PCIe 16GB",
                  "count": 1,
                  "tensorParallelSize": 1,
                  "pipelineParallelSize": 1,
                  "usableMemoryBytes": 16000000000,
                  "budgetBytes": 14400000000,
                  "requiredBytesPerGpu": 2033554432,
                  "compatible": true,
                  "fits": true,
                  "headroomBytes": 12366445568,
                  "headroomPercent": 85.88,
                  "pricePerHourUsd": null,
                  "reason": null,
                  "warning": null,
                  "tried": [
                    {
                      "count": 1,
                      "tensorParallelSize": 1,
                      "pipelineParallelSize": 1,
                      "valid": true,
                      "requiredBytesPerGpu": 2033554432,
                      "fits": true,
                      "reason": null
                    }
                  ],
                  "serving": null,
                  "capacity": {
                    "maxBatchSize": 1158,
                    "maxSequenceLength": 74124,
                    "contextLength": 256,
                    "maxConcurrency": 1158
                  },
                  "speed": {
                    "decodeTokensPerSecondPerSequence": 288.0,
                    "decodeTokensPerSecondTotal": 1151.9,
                    "prefillSeconds": 0.0548,
                    "memoryBandwidthEfficiency": 0.8,
                    "computeEfficiency": 0.5,
                    "basis": "upper-bound roofline estimate"
                  },
                  "deployment": {
                    "engineArgs": [
                      "--tensor-parallel-size=1",
                      "--pipeline-parallel-size=1",
                      "--max-model-len=256",
                      "--gpu-memory-utilization=0.3",
                      "--max-num-seqs=4"
                    ],
                    "kubernetes": {
                      "resources": {
                        "limits": {
                          "nvidia.com/gpu": 1
                        }
                      },
                      "nodeSelector": {
                        "nvidia.com/gpu.product": "Tesla-P100-PCIE-16GB"
                      }
                    },
                    "notes": [
                      "vLLM does not run on this GPU (vLLM needs compute capability 7.0 or higher; NVIDIA Tesla P100 PCIe 16GB has 6.0): serve with another engine, holding it to the same batch and length"
                    ]
                  }
                },
                {
                  "gpu": "a100-pcie-40gb",
                  "name": "NVIDIA A100 PCIe 40GB",
                  "count": 1,
                  "tensorParallelSize": 1,
                  "pipelineParallelSize": 1,
                  "usableMemoryBytes": 42405855232,
                  "budgetBytes": 38165269708,
                  "requiredBytesPerGpu": 2033554432,
                  "compatible": true,
                  "fits": true,
                  "headroomBytes": 36131715276,
                  "headroomPercent": 94.67,
                  "pricePerHourUsd": null,
                  "reason": null,
                  "warning": null,
                  "tried": [
                    {
                      "count": 1,
                      "tensorParallelSize": 1,
                      "pipelineParallelSize": 1,
                      "valid": true,
                      "requiredBytesPerGpu": 2033554432,
                      "fits": true,
                      "reason": null
                    }
                  ],
                  "serving": null,
                  "capacity": {
                    "maxBatchSize": 3991,
                    "maxSequenceLength": 255439,
                    "contextLength": 256,
                    "maxConcurrency": 3991
                  },
                  "speed": {
                    "decodeTokensPerSecondPerSequence": 611.7,
                    "decodeTokensPerSecondTotal": 2446.9,
                    "prefillSeconds": 0.0033,
                    "memoryBandwidthEfficiency": 0.8,
                    "computeEfficiency": 0.5,
                    "basis": "upper-bound roofline estimate"
                  },
                  "deployment": {
                    "engineArgs": [
                      "--tensor-parallel-size=1",
                      "--pipeline-parallel-size=1",
                      "--max-model-len=256",
                      "--gpu-memory-utilization=0.12",
                      "--max-num-seqs=4"
                    ],
                    "kubernetes": {
                      "resources": {
                        "limits": {
                          "nvidia.com/gpu": 1
                        }
                      },
                      "nodeSelector": {
                        "nvidia.com/gpu.product": "NVIDIA-A100-PCIE-40GB"
                      }
                    },
                    "notes": []
                  }
                },
                {
                  "gpu": "a40",
                  "name": "NVIDIA A40",
                  "count": 1,
                  "tensorParallelSize": 1,
                  "pipelineParallelSize": 1,
                  "usableMemoryBytes": 48000000000,
                  "budgetBytes": 43200000000,
                  "requiredBytesPerGpu": 2033554432,
                  "compatible": true,
                  "fits": true,
                  "headroomBytes": 41166445568,
                  "headroomPercent": 95.29,
                  "pricePerHourUsd": 0.44,
                  "reason": null,
                  "warning": null,
                  "tried": [
                    {
                      "count": 1,
                      "tensorParallelSize": 1,
                      "pipelineParallelSize": 1,
                      "valid": true,
                      "requiredBytesPerGpu": 2033554432,
                      "fits": true,
                      "reason": null
                    }
                  ],
                  "serving": null,
                  "capacity": {
                    "maxBatchSize": 4591,
                    "maxSequenceLength": 293851,
                    "contextLength": 256,
                    "maxConcurrency": 4591
                  },
                  "speed": {
                    "decodeTokensPerSecondPerSequence": 273.8,
                    "decodeTokensPerSecondTotal": 1095.2,
                    "prefillSeconds": 0.0068,
                    "memoryBandwidthEfficiency": 0.8,
                    "computeEfficiency": 0.5,
                    "basis": "upper-bound roofline estimate"
                  },
                  "deployment": {
                    "engineArgs": [
                      "--tensor-parallel-size=1",
                      "--pipeline-parallel-size=1",
                      "--max-model-len=256",
                      "--gpu-memory-utilization=0.1",
                      "--max-num-seqs=4"
                    ],
                    "kubernetes": {
                      "resources": {
                        "limits": {
                          "nvidia.com/gpu": 1
                        }
                      },
                      "nodeSelector": {
                        "nvidia.com/gpu.product": "NVIDIA-A40"
                      }
                    },
                    "notes": []
                  }
                },
                {
                  "gpu": "a100-sxm4-80gb",
                  "name": "NVIDIA A100 SXM4 80GB",
                  "count": 1,
                  "tensorParallelSize": 1,
                  "pipelineParallelSize": 1,
                  "usableMemoryBytes": 84987740160,
                  "budgetBytes": 76488966144,
                  "requiredBytesPerGpu": 2033554432,
                  "compatible": true,
                  "fits": true,
                  "headroomBytes": 74455411712,
                  "headroomPercent": 97.34,
                  "pricePerHourUsd": 1.59,
                  "reason": null,
                  "warning": null,
                  "tried": [
                    {
                      "count": 1,
                      "tensorParallelSize": 1,
                      "pipelineParallelSize": 1,
                      "valid": true,
                      "requiredBytesPerGpu": 2033554432,
                      "fits": true,
                      "reason": null
                    }
                  ],
                  "serving": null,
                  "capacity": {
                    "maxBatchSize": 8559,
                    "maxSequenceLength": 547825,
                    "contextLength": 256,
                    "maxConcurrency": 8559
                  },
                  "speed": {
                    "decodeTokensPerSecondPerSequence": 802.1,
                    "decodeTokensPerSecondTotal": 3208.6,
                    "prefillSeconds": 0.0033,
                    "memoryBandwidthEfficiency": 0.8,
                    "computeEfficiency": 0.5,
                    "basis": "upper-bound roofline estimate"
                  },
                  "deployment": {
                    "engineArgs": [
                      "--tensor-parallel-size=1",
                      "--pipeline-parallel-size=1",
                      "--max-model-len=256",
                      "--gpu-memory-utilization=0.06",
                      "--max-num-seqs=4"
                    ],
                    "kubernetes": {
                      "resources": {
                        "limits": {
                          "nvidia.com/gpu": 1
                        }
                      },
                      "nodeSelector": {
                        "nvidia.com/gpu.product": "NVIDIA-A100-SXM4-80GB"
                      }
                    },
                    "notes": []
                  }
                }
              ],
              "warnings": []
            }""";

    /** Two numbers out of range: Bean Validation reports every field at once. */
    static final String ESTIMATE_400_OUT_OF_RANGE_REQUEST = """
            {
              "model": "meta-llama/Llama-3.1-8B",
              "batchSize": 0,
              "sequenceLength": 8192,
              "memoryUtilization": 1.5
            }""";

    static final String ESTIMATE_400_OUT_OF_RANGE = """
            {
              "detail": "batchSize: must be greater than or equal to 1; memoryUtilization: must be less than or equal to 1",
              "instance": "/estimate",
              "status": 400,
              "title": "Invalid request",
              "type": "urn:gpu-fit:problem:invalid-request",
              "errors": [
                {
                  "field": "batchSize",
                  "rejectedValue": 0,
                  "message": "must be greater than or equal to 1"
                },
                {
                  "field": "memoryUtilization",
                  "rejectedValue": 1.5,
                  "message": "must be less than or equal to 1"
                }
              ]
            }""";

    /** A model id that is neither in the catalog nor fetchable (the Hub fetch is off by default). */
    static final String ESTIMATE_400_UNKNOWN_MODEL_REQUEST = """
            {
              "model": "acme/llama-9b-chat",
              "batchSize": 8,
              "sequenceLength": 4096
            }""";

    static final String ESTIMATE_400_UNKNOWN_MODEL = """
            {
              "detail": "model: unknown model; the Hugging Face Hub fetch is off (gpufit.hub.enabled): paste its config.json as modelConfig, or pick one from GET /models",
              "instance": "/estimate",
              "status": 400,
              "title": "Invalid request",
              "type": "urn:gpu-fit:problem:invalid-request",
              "errors": [
                {
                  "field": "model",
                  "rejectedValue": "acme/llama-9b-chat",
                  "message": "unknown model; the Hugging Face Hub fetch is off (gpufit.hub.enabled): paste its config.json as modelConfig, or pick one from GET /models"
                }
              ]
            }""";

    static final String ESTIMATE_415 = """
            {
              "title": "Unsupported Media Type",
              "status": 415,
              "detail": "Content-Type 'text/plain' is not supported; send the body as JSON with the header Content-Type: application/json.",
              "instance": "/estimate"
            }""";

    /** The Hub answers 401 for a gated model without HF_TOKEN (and for a model that does not exist). */
    static final String ESTIMATE_502 = """
            {
              "type": "urn:gpu-fit:problem:hub-unavailable",
              "title": "Hugging Face Hub fetch failed",
              "status": 502,
              "detail": "The Hub refused access to meta-llama/Llama-4-Scout-17B-16E-Instruct's config.json (HTTP 401): a gated or private model needs a token with access to it: set HF_TOKEN on the server (the Hub answers the same for a model that does not exist). You can paste the model's config.json as \\\"modelConfig\\\" in the request instead.",
              "instance": "/estimate",
              "model": "meta-llama/Llama-4-Scout-17B-16E-Instruct"
            }""";

    /** With the default timeouts (connect 2 s, read 5 s). */
    static final String ESTIMATE_504 = """
            {
              "type": "urn:gpu-fit:problem:hub-unavailable",
              "title": "Hugging Face Hub timed out",
              "status": 504,
              "detail": "The Hub did not answer for Qwen/Qwen2.5-32B-Instruct's config.json within 5000 ms. You can paste the model's config.json as \\\"modelConfig\\\" in the request instead.",
              "instance": "/estimate",
              "model": "Qwen/Qwen2.5-32B-Instruct"
            }""";

    static final String PLAN_400_REQUEST = """
            {
              "scenarios": [
                {"name": "chat-8b", "request": {"model": "meta-llama/Llama-3.1-8B", "batchSize": 32}}
              ]
            }""";

    static final String PLAN_400 = """
            {
              "detail": "scenarios[0].request.sequenceLength: must not be null",
              "instance": "/plan",
              "status": 400,
              "title": "Invalid request",
              "type": "urn:gpu-fit:problem:invalid-request",
              "errors": [
                {
                  "field": "scenarios[0].request.sequenceLength",
                  "rejectedValue": null,
                  "message": "must not be null"
                }
              ]
            }""";

    static final String PLAN_415 = """
            {
              "title": "Unsupported Media Type",
              "status": 415,
              "detail": "Content-Type 'text/plain' is not supported; send the body as JSON with the header Content-Type: application/json.",
              "instance": "/plan"
            }""";

    static final String PLAN_502 = """
            {
              "type": "urn:gpu-fit:problem:hub-unavailable",
              "title": "Hugging Face Hub fetch failed",
              "status": 502,
              "detail": "The Hub refused access to meta-llama/Llama-4-Scout-17B-16E-Instruct's config.json (HTTP 401): a gated or private model needs a token with access to it: set HF_TOKEN on the server (the Hub answers the same for a model that does not exist). You can paste the model's config.json as \\\"modelConfig\\\" in the request instead.",
              "instance": "/plan",
              "model": "meta-llama/Llama-4-Scout-17B-16E-Instruct"
            }""";

    static final String PLAN_504 = """
            {
              "type": "urn:gpu-fit:problem:hub-unavailable",
              "title": "Hugging Face Hub timed out",
              "status": 504,
              "detail": "The Hub did not answer for Qwen/Qwen2.5-32B-Instruct's config.json within 5000 ms. You can paste the model's config.json as \\\"modelConfig\\\" in the request instead.",
              "instance": "/plan",
              "model": "Qwen/Qwen2.5-32B-Instruct"
            }""";

    /** A POST /estimate whose Content-Length is 2,000,000: refused before a byte of the body is read. */
    static final String ESTIMATE_413 = """
            {
              "detail": "The body of POST /estimate may be at most 1,048,576 bytes (gpufit.limits.max-body-size); this one declares 2,000,000 bytes (Content-Length) and was not read.",
              "instance": "/estimate",
              "status": 413,
              "title": "Content Too Large"
            }""";

    static final String ESTIMATE_408 = """
            {
              "detail": "The request body did not arrive in time: it must arrive in full within 10 s (gpufit.limits.body-read-timeout), without a pause longer than 10 s (server.tomcat.connection-timeout). Send the whole body at once.",
              "instance": "/estimate",
              "status": 408,
              "title": "Request Timeout"
            }""";

    /** A POST /plan whose Content-Length is 10,000,000. */
    static final String PLAN_413 = """
            {
              "detail": "The body of POST /plan may be at most 8,388,608 bytes (gpufit.limits.max-plan-body-size); this one declares 10,000,000 bytes (Content-Length) and was not read. Split the plan into smaller ones.",
              "instance": "/plan",
              "status": 413,
              "title": "Content Too Large"
            }""";

    static final String PLAN_408 = """
            {
              "detail": "The request body did not arrive in time: it must arrive in full within 10 s (gpufit.limits.body-read-timeout), without a pause longer than 10 s (server.tomcat.connection-timeout). Send the whole body at once.",
              "instance": "/plan",
              "status": 408,
              "title": "Request Timeout"
            }""";

    /** 1,000 copies of the seed request, none naming gpus: 1,000 x the 24 GPUs of the catalog. */
    static final String PLAN_400_TOO_LARGE = """
            {
              "detail": "scenarios: this plan asks for 24,000 candidate rows (1,000 scenarios, each weighed against the GPUs it names, else the top-level gpus, else the whole catalog of 24 GPUs), more than the 5,000 one answer may hold (gpufit.limits.max-plan-candidates): split it into smaller plans or name fewer gpus",
              "instance": "/plan",
              "status": 400,
              "title": "Invalid request",
              "type": "urn:gpu-fit:problem:invalid-request",
              "errors": [
                {
                  "field": "scenarios",
                  "rejectedValue": 24000,
                  "message": "this plan asks for 24,000 candidate rows (1,000 scenarios, each weighed against the GPUs it names, else the top-level gpus, else the whole catalog of 24 GPUs), more than the 5,000 one answer may hold (gpufit.limits.max-plan-candidates): split it into smaller plans or name fewer gpus"
                }
              ]
            }""";

    /** GET /gpus/A100: two profiles answer to the short name. */
    static final String GPU_400 = """
            {
              "detail": "id: ambiguous GPU name; choose one of: a100-pcie-40gb, a100-sxm4-80gb",
              "instance": "/gpus/A100",
              "status": 400,
              "title": "Invalid request",
              "type": "urn:gpu-fit:problem:invalid-request",
              "errors": [
                {
                  "field": "id",
                  "rejectedValue": "A100",
                  "message": "ambiguous GPU name; choose one of: a100-pcie-40gb, a100-sxm4-80gb"
                }
              ]
            }""";

    /** GET /gpus/tpu-v5e: a TPU, not a GPU profile. */
    static final String GPU_404 = """
            {
              "detail": "no GPU profile 'tpu-v5e': unknown GPU; known ids: p100-pcie-16gb, v100-sxm2-32gb, t4, a10, a10g, l4, a40, rtx-a6000, l40, l40s, rtx-6000-ada, a100-pcie-40gb, a100-sxm4-80gb, h100-pcie-80gb, h100-sxm5-80gb, h20, gh200, h200-sxm-141gb, b200, rtx-3090, rtx-4090, mi250x, mi300x, mi325x",
              "instance": "/gpus/tpu-v5e",
              "status": 404,
              "title": "GPU not found",
              "type": "urn:gpu-fit:problem:gpu-not-found"
            }""";

    /** GET /models/meta-llama/Llama-3.1-8B-Instrcut: a typo. */
    static final String MODEL_404 = """
            {
              "detail": "no model 'meta-llama/Llama-3.1-8B-Instrcut' in the catalog; did you mean meta-llama/Llama-3.1-8B-Instruct, meta-llama/Llama-3.3-70B-Instruct or meta-llama/Llama-3.1-8B?; GET /models lists them",
              "instance": "/models/meta-llama/Llama-3.1-8B-Instrcut",
              "status": 404,
              "title": "Model not found",
              "type": "urn:gpu-fit:problem:model-not-found"
            }""";

    static final String MODEL_BY_NAME_404 = """
            {
              "detail": "no model 'Llama-3.1-8B-Instrcut' in the catalog; did you mean meta-llama/Llama-3.1-8B-Instruct, meta-llama/Llama-3.3-70B-Instruct or meta-llama/Llama-3.1-8B?; GET /models lists them",
              "instance": "/models/Llama-3.1-8B-Instrcut",
              "status": 404,
              "title": "Model not found",
              "type": "urn:gpu-fit:problem:model-not-found"
            }""";

    private ApiExamples() {}
}
