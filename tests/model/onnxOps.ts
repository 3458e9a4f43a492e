// Reads the op types of an ONNX file's graph without an ONNX library: enough protobuf to walk
// ModelProto.graph -> GraphProto.node -> NodeProto.op_type.

/** Reads a protobuf varint at `pos`; returns [value, next position]. */
function varint(buf: Uint8Array, pos: number): [number, number] {
  let v = 0, mul = 1, b: number;
  do {
    b = buf[pos++];
    v += (b & 0x7f) * mul;
    mul *= 128;
  } while (b & 0x80);
  return [v, pos];
}

/** Length-delimited fields with the given number in one protobuf message. */
function fields(buf: Uint8Array, field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, p] = varint(buf, pos);
    pos = p;
    const wire = key & 7;
    if (wire === 0) pos = varint(buf, pos)[1];
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const [len, q] = varint(buf, pos);
      if (key >>> 3 === field) out.push(buf.subarray(q, q + len));
      pos = q + len;
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
  }
  return out;
}

/** op_type of every node: ModelProto.graph (7) -> GraphProto.node (1) -> NodeProto.op_type (4). */
export function opTypes(model: Uint8Array): string[] {
  const graph = fields(model, 7)[0];
  return fields(graph, 1).map((node) => new TextDecoder().decode(fields(node, 4)[0]));
}
