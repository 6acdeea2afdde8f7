package fr.spie.hub.validation;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * UTF-8 sent in a document that declares a single-byte encoding (windows-1252...): every byte is a valid windows-1252
 * character, so the parser reads it without complaint and "é" becomes "Ã©". Found by encoding the text back to the
 * declared charset: if those bytes are valid UTF-8 with at least one multi-byte sequence, the text was UTF-8. French
 * text genuinely in windows-1252 practically never forms such sequences ("Ã" followed by a symbol).
 */
final class MisreadEncoding {

    private MisreadEncoding() {
    }

    /** The declared charset when it is a single-byte one other than ASCII; empty otherwise (or unknown). */
    static Optional<Charset> singleByte(String declared) {
        if (declared == null || declared.isBlank()) {
            return Optional.empty();
        }
        try {
            Charset charset = Charset.forName(declared.trim());
            boolean singleByte = charset.newEncoder().maxBytesPerChar() == 1.0f
                    && !charset.equals(StandardCharsets.US_ASCII);
            return singleByte ? Optional.of(charset) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean hasNonAscii(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code text}, read from {@code declared}, was in fact UTF-8; false when declared is null. */
    static boolean isUtf8ReadAs(CharSequence text, Charset declared) {
        if (declared == null || !hasNonAscii(text)) {
            return false;
        }
        try {
            ByteBuffer bytes = declared.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            CharBuffer decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return decoded.length() < text.length();
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
