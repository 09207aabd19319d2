"""Just enough HTTP/2 to open a stream by hand (HPACK without Huffman, static table only)."""
import struct

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
HEADERS, SETTINGS = 0x1, 0x4
END_STREAM, END_HEADERS = 0x1, 0x4


def frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + \
        struct.pack(">I", stream) + payload


def literal(index, value):
    """A header whose name is static-table entry `index`, not indexed (value < 127 bytes)."""
    value = value.encode()
    assert len(value) < 127
    return bytes([index]) + bytes([len(value)]) + value


def get_request(path, authority, stream=1):
    """HEADERS for `GET path`, ending the stream."""
    block = bytes([0x82, 0x86]) + literal(0x04, path) + literal(0x01, authority)
    return frame(HEADERS, END_STREAM | END_HEADERS, stream, block)


def start(authority):
    """The preface, empty SETTINGS, and the first bytes of a POST whose headers never end:
    the block declares a 255-byte header value the caller then trickles."""
    block = bytes([0x83, 0x86]) + literal(0x04, "/") + literal(0x01, authority)
    block += bytes([0x00, 0x05]) + b"x-pad" + bytes([0x7F, 0x80, 0x01])  # value of 255 bytes
    header = struct.pack(">I", len(block) + 255)[1:] + bytes([HEADERS, END_HEADERS]) + \
        struct.pack(">I", 1)
    return PREFACE + frame(SETTINGS, 0, 0, b"") + header + block


def frames(data):
    """Splits complete frames off `data`: ([(type, flags, stream, payload)], rest)."""
    out = []
    while len(data) >= 9:
        length = int.from_bytes(data[:3], "big")
        if len(data) < 9 + length:
            break
        stream = int.from_bytes(data[5:9], "big") & 0x7FFFFFFF
        out.append((data[3], data[4], stream, data[9:9 + length]))
        data = data[9 + length:]
    return out, data
