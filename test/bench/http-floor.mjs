// The floor of the sidecar benchmark: a bare node:http server that reads each POST body, parses
// it as JSON and answers a constant `{"valid":true,"anomalies":[]}`, with no validation. What it
// sustains is what node:http itself costs on this machine; the sidecar cannot beat it per core.
// node test/bench/http-floor.mjs   (prints "listening on http://127.0.0.1:PORT" on stderr)
import { createServer } from 'node:http';

const body = Buffer.from('{"valid":true,"anomalies":[]}');
const headers = ['content-type', 'application/json; charset=utf-8', 'content-length', String(body.length)];
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
