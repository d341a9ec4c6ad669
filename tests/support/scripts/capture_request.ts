// deno-lint-ignore-file no-console
/**
 * Subprocess: listens on a free loopback port, prints it, then prints the
 * head of the first HTTP request it receives (as JSON) and exits. Runs in its
 * own process because libSQL dials a replica's syncUrl synchronously, which
 * blocks the event loop of the process that opens it.
 */
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
console.log((listener.addr as Deno.NetAddr).port);
const timer = setTimeout(() => Deno.exit(2), 15_000);
const conn = await listener.accept();
const buf = new Uint8Array(64 * 1024);
let text = "";
while (!text.includes("\r\n\r\n")) {
  const n = await conn.read(buf);
  if (n === null) break;
  text += new TextDecoder().decode(buf.subarray(0, n));
}
console.log(JSON.stringify(text));
conn.close();
listener.close();
clearTimeout(timer);
