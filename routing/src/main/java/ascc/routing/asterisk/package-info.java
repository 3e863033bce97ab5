/**
 * The contract between ASCC and Asterisk, in one place: the names both sides must spell the same way. The rendered
 * dialplan ({@code ascc.core.asterisk}), the FastAGI flows ({@code ascc.agi.flows}) and the engine's AMI code use these
 * constants instead of literals: dialplan contexts ({@link Contexts}), queues and AstDB families ({@link Queues}),
 * PJSIP sections ({@link Endpoints}), channel variables ({@link ChannelVars}), user events ({@link UserEvents}),
 * FastAGI script names ({@link AgiScripts}), agents' feature codes ({@link FeatureCodes}), SIP headers on the agent leg
 * ({@link SipHeaders}) and channel-name building and parsing ({@link Channels}).
 *
 * <p>Pure constants and string functions: no I/O, no dependency on the rest of {@code routing}.
 */
package ascc.routing.asterisk;
