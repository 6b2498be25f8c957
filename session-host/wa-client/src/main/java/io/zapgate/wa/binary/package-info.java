/**
 * The WhatsApp binary node layer ("WABinary"): the XML-like {@link io.zapgate.wa.binary.Node} tree, WhatsApp
 * addresses ({@link io.zapgate.wa.binary.Jid}), the token dictionaries ({@link io.zapgate.wa.binary.Tokens}),
 * and the codec between nodes and bytes ({@link io.zapgate.wa.binary.NodeEncoder},
 * {@link io.zapgate.wa.binary.NodeDecoder}, {@link io.zapgate.wa.binary.FramePayload} for the leading flags byte
 * and zlib).
 *
 * <p>This package is the bottom of the stack: it works on the plaintext of one Noise frame and knows nothing
 * above it (no Noise, sockets, IQs, pairing or sessions). Decoding treats its input as hostile: it throws only
 * {@link io.zapgate.wa.binary.BinaryParseException}, with bounded memory, depth and time.
 *
 * <p>Behavioural references: whatsmeow ({@code binary/encoder.go}, {@code binary/decoder.go},
 * {@code binary/unpack.go}, {@code binary/node.go}, {@code binary/token/token.go}, {@code types/jid.go}) and
 * Baileys ({@code src/WABinary/}); facts restated in the project's protocol spec, section 3.
 */
package io.zapgate.wa.binary;
