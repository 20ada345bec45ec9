package io.gpufit.web;

import static io.gpufit.web.JsonMatchers.PROBLEM_JSON;
import static io.gpufit.web.JsonMatchers.whole;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** GET /gpus and GET /gpus/{id}: the catalog of gpus.yaml, by id or short name. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GpuApiTest {

    @LocalServerPort
    int port;

    private RequestSpecification api;

    @BeforeEach
    void setUp() {
        api = JsonMatchers.apiOn(port).build();
    }

    @Test
    void listsTheTwentyFourProfilesOfTheCatalogInCatalogOrder() {
        given(api)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("gpus", hasSize(24))
                // the ids of gpus.yaml, top to bottom
                .body("gpus.id", contains(io.gpufit.gpu.GpuCatalogTestSupport.EMBEDDED_IDS.toArray()));
    }

    @Test
    void a100Sxm4UsesTheCudaReportedTotalFromTheReference() {
        given(api)
                .when()
                .get("/gpus/a100-sxm4-80gb")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo("a100-sxm4-80gb"))
                // gpus.csv cuda_total_memory: 84987740160 B (81051 MiB = 79.15 GiB)
                .body("usableMemoryBytes", whole(84_987_740_160L))
                .body("usableMemorySource", equalTo("cuda-reported"))
                .body("marketedMemoryGb", whole(80))
                // compute capability 8.0: BF16 yes, FP8 (8.9+) no
                .body("nativeBf16", equalTo(true))
                .body("nativeFp8", equalTo(false));
    }

    @Test
    void p100HasNoBf16NorFp8AndAnUnknownPrice() {
        given(api)
                .when()
                .get("/gpus/p100-pcie-16gb")
                .then()
                .statusCode(200)
                // gpus.csv: cuda_total_memory '?', so 16 GB x 10^9
                .body("usableMemoryBytes", whole(16_000_000_000L))
                .body("usableMemorySource", equalTo("marketed"))
                .body("computeCapability", equalTo("6.0"))
                .body("nativeBf16", equalTo(false))
                .body("nativeFp8", equalTo(false))
                .body("pricePerHourUsd", nullValue());
    }

    @Test
    void mi300xUsesTheRocmReportedTotal() {
        given(api)
                .when()
                .get("/gpus/mi300x")
                .then()
                .statusCode(200)
                // gpus.csv: 205822885888 B via rocm-smi / torch mem_get_info
                .body("usableMemoryBytes", whole(205_822_885_888L))
                .body("nativeFp8", equalTo(true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "H100, h100-sxm5-80gb",
        "h100, h100-sxm5-80gb",
        "P100, p100-pcie-16gb",
        "A100-80GB, a100-sxm4-80gb",
        "A100-40GB, a100-pcie-40gb",
        "RTX4090, rtx-4090",
        "H100-PCIe, h100-pcie-80gb",
        "T4, t4"
    })
    void shortNamesResolveToOneProfile(String name, String id) {
        given(api).when().get("/gpus/{id}", name).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void ambiguousA100IsA400ListingBothProfiles() {
        given(api)
                .when()
                .get("/gpus/A100")
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("status", whole(400))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("id"))
                .body("errors[0].rejectedValue", equalTo("A100"))
                .body("errors[0].message", allOf(containsString("a100-pcie-40gb"), containsString("a100-sxm4-80gb")))
                .body("errors[0].message", not(containsString("h100")));
    }

    @Test
    void unknownGpuIsA404Problem() {
        given(api)
                .when()
                .get("/gpus/nope")
                .then()
                .statusCode(404)
                .contentType(PROBLEM_JSON)
                .body("status", whole(404))
                .body("detail", containsString("nope"));
    }

    @Test
    void listIsNotAffectedByTheAmbiguousAlias() {
        // both A100 profiles are listed; the alias A100 is on both
        given(api)
                .when()
                .get("/gpus")
                .then()
                .statusCode(200)
                .body("gpus.find { it.id == 'a100-pcie-40gb' }.aliases", hasItem("A100"))
                .body("gpus.find { it.id == 'a100-sxm4-80gb' }.aliases", hasItem("A100"));
    }

    /** A JSON integer equal to {@code expected}, whatever Java type the JSON path gives it. */
}
