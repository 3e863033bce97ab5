/** Web passwords: bcrypt hashes (Bouncy Castle), used by the web logins, {@code ivr web hash-password} and the sample check. */
package ascc.core.password;
