package io.gpufit.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and description shown in Swagger UI and in {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI gpuFitOpenApi() {
        // A relative server: Swagger UI calls whatever host served it, behind a proxy too.
        return new OpenAPI()
                .servers(List.of(new Server().url("/").description("this server")))
                .info(new Info()
                        .title("gpu-fit")
                        .version("0.1.0")
                        .description("How much GPU memory an LLM needs to serve a load, and which GPU to run it on. "
                                + "Exact bytes, every formula shown. Errors are application/problem+json with an "
                                + "'errors' list naming each field, the rejected value and what is allowed."));
    }
}
