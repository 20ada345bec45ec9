package io.gpufit.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /} sends a browser to Swagger UI, the service's only page. Not part of the API contract. */
@Hidden
@RestController
class RootController {

    private final String swaggerUiPath;

    RootController(@Value("${springdoc.swagger-ui.path:/swagger-ui.html}") String swaggerUiPath) {
        this.swaggerUiPath = swaggerUiPath;
    }

    /** A relative Location (context path + Swagger UI path), so it also holds behind a proxy. */
    @GetMapping("/")
    ResponseEntity<Void> root(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.FOUND)
                .location(URI.create(request.getContextPath() + swaggerUiPath))
                .build();
    }
}
