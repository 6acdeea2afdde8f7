package fr.spie.hub.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a document that declares no encoding: every byte sequence that is valid UTF-8 (XML's own default) is read
 * as UTF-8, every other byte with the partner's default single-byte charset (what partners omitting the declaration
 * actually send, e.g. windows-1252). Valid multi-byte UTF-8 sequences hardly ever occur in windows-1252 French text.
 */
final class Utf8OrFallbackReader extends Reader {

    private final InputStream in;
    private final char[] fallbackChars = new char[256];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean endOfInput;

    Utf8OrFallbackReader(InputStream in, Charset fallback) {
        this.in = in;
        for (int b = 0; b < 256; b++) {
            fallbackChars[b] = new String(new byte[] {(byte) b}, fallback).charAt(0);
        }
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(target, offset, length);
        while (out.hasRemaining()) {
            CoderResult result = utf8.decode(bytes, out, endOfInput);
            if (result.isOverflow()) {
                break;
            }
            if (result.isError()) {
                out.put(fallbackChars[bytes.get() & 0xFF]); // only the first byte: UTF-8 may resume right after it
            } else if (endOfInput || out.position() > offset) {
                break;
            } else {
                fill();
            }
        }
        int produced = out.position() - offset;
        return produced == 0 && endOfInput ? -1 : produced;
    }

    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
