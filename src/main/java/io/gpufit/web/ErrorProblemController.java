package io.gpufit.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page, in place of Spring Boot's: what the container answers when no controller had its
 * say (TRACE, a body that timed out, a body over the limit, a filter that failed), as
 * {@code application/problem+json} whatever the client accepts.
 */
@RestController
@Hidden
class ErrorProblemController implements ErrorController {

    private final ErrorProblems problems;

    ErrorProblemController(ErrorProblems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        ProblemDetail problem = request.getAttribute(ErrorProblems.ATTRIBUTE) instanceof ProblemDetail given
                ? given
                : problems.forStatus(
                        status(request),
                        request.getMethod(),
                        (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                        false);
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static int status(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code && code >= 400
                ? code
                : 500;
    }
}
