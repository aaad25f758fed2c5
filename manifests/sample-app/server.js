// The sample app the seed manifests deploy. In sandbox mode the Heroku emulator's backend
// stands in for this web process: it answers 401 unless the request carries the key held in
// the app's INTERNAL_API_KEY config var, as this server does on a real dyno.
const http = require('http');
const keys = (process.env.INTERNAL_API_KEY || '').split(',').map(k => k.trim()).filter(Boolean);
http.createServer((req, res) => {
  const ok = keys.includes(req.headers['x-internal-api-key']);
  res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(ok ? { app: process.env.HEROKU_APP_NAME || 'sample-app', path: req.url } : { id: 'unauthorized' }));
}).listen(process.env.PORT || 5000);
