package fr.spie.hub.web;

import fr.spie.hub.validation.DiagnosticsTranslation;
import fr.spie.hub.validation.OperationOutcome;
import java.util.List;
import java.util.Locale;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * The diagnostics of every OperationOutcome the API answers are in French, the partners' language, unless the caller
 * prefers English ({@code Accept-Language: en}). The response says which in {@code Content-Language}.
 */
@RestControllerAdvice
public class OutcomeLanguage implements ResponseBodyAdvice<Object> {

    static final Locale FRENCH = Locale.FRENCH;
    static final Locale ENGLISH = Locale.ENGLISH;
    private static final List<Locale> SUPPORTED = List.of(FRENCH, ENGLISH);

    private final DiagnosticsTranslation french = DiagnosticsTranslation.french();

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (!(body instanceof OperationOutcome outcome)) {
            return body;
        }
        Locale language = languageOf(request.getHeaders().getFirst(HttpHeaders.ACCEPT_LANGUAGE));
        response.getHeaders().set(HttpHeaders.CONTENT_LANGUAGE, language.getLanguage());
        return language.equals(FRENCH) ? french.translate(outcome) : outcome;
    }

    /** French unless English comes first among the languages the hub speaks; a malformed header means French. */
    static Locale languageOf(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return FRENCH;
        }
        try {
            Locale best = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), SUPPORTED);
            return best == null ? FRENCH : best;
        } catch (IllegalArgumentException e) {
            return FRENCH;
        }
    }
}
