package fr.spie.hub.web;

import fr.spie.hub.access.AccessDenied;

import fr.spie.hub.validation.OperationOutcome;
import fr.spie.hub.validation.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Every error of the API answers an OperationOutcome, never a stack trace. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<OperationOutcome> problem(ApiProblem problem) {
        return answer(problem.status(), problem.outcome());
    }

    @ExceptionHandler(AccessDenied.class)
    ResponseEntity<OperationOutcome> denied(AccessDenied denied) {
        // Every issue names where: a refusal is about the key the request carries (what it may not do is the why).
        return denied.unauthenticated()
                ? answer(HttpStatus.UNAUTHORIZED, OperationOutcome.error(IssueType.LOGIN, ExchangeController.API_KEY,
                        "A valid X-API-Key header is required"))
                : answer(HttpStatus.FORBIDDEN, OperationOutcome.error(IssueType.FORBIDDEN, ExchangeController.API_KEY,
                        denied.getMessage()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<OperationOutcome> mediaType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                OperationOutcome.error(IssueType.NOT_SUPPORTED, HttpHeaders.CONTENT_TYPE, "Unsupported media type"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<OperationOutcome> method(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED,
                OperationOutcome.error(IssueType.NOT_SUPPORTED, null, "Method " + e.getMethod() + " not allowed"));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<OperationOutcome> header(MissingRequestHeaderException e) {
        return answer(HttpStatus.BAD_REQUEST,
                OperationOutcome.error(IssueType.REQUIRED, e.getHeaderName(), "Header missing"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<OperationOutcome> notFound(NoResourceFoundException e) {
        return answer(HttpStatus.NOT_FOUND, OperationOutcome.error(IssueType.NOT_FOUND, null, "No such resource"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<OperationOutcome> unexpected(Exception e) {
        // The message may quote the request: only the type is logged at error level.
        log.error("Request failed: {}", e.getClass().getName());
        log.debug("Request failure detail", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR,
                OperationOutcome.error(IssueType.EXCEPTION, null, "The hub failed to process the request"));
    }

    static ResponseEntity<OperationOutcome> answer(HttpStatus status, OperationOutcome outcome) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(outcome);
    }
}
