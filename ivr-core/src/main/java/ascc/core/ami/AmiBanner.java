package ascc.core.ami;

/**
 * The first line the server sends, e.g. {@code Asterisk Call Manager/11.0.0}.
 *
 * @param text the line without CR/LF
 */
public record AmiBanner(String text) {
}
