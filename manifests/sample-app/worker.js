// A background process type, so a release of this app defines both web and worker.
setInterval(() => console.log('worker: tick'), 60000);
