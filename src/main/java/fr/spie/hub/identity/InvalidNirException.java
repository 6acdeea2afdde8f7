package fr.spie.hub.identity;

/** A NIR that cannot be read; the message says what is wrong without repeating the NIR or any of its digits. */
public class InvalidNirException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidNirException(String message) {
        super(message);
    }
}
