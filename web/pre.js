// Runs before main in the browser build: the app's settings folder (~/.config) lives in the browser's storage
// (IndexedDB through Emscripten's IDBFS), read before the app starts. When the storage does not answer within two
// seconds (private windows, some headless browsers) the app starts with its defaults and says so.
Module['preRun'] = Module['preRun'] || [];
Module['preRun'].push(function () {
  var dir = '/home/web_user/.config';
  FS.mkdirTree(dir);
  FS.mount(IDBFS, {}, dir);
  addRunDependency('convarith-settings');
  var done = false;
  function start(note) {
    if (done) return;
    done = true;
    if (note) err('convarith: ' + note);
    removeRunDependency('convarith-settings');
  }
  setTimeout(function () { start('the browser storage did not answer: the settings are not kept'); }, 2000);
  try {
    FS.syncfs(true, function (e) { start(e ? 'the settings were not read from the browser storage: ' + e : ''); });
  } catch (e) {
    start('no browser storage: the settings are not kept (' + e + ')');
  }
});

// For tests and scripts that drive the page: `?state-file=/tmp/state.json` gives the app CONVARITH_STATE_FILE, the
// same one-line JSON of the app's state the desktop app writes for its tests (in the page's memory: read it with
// FS.readFile).
Module['preRun'].push(function () {
  var path = new URLSearchParams(location.search).get('state-file');
  if (path) ENV['CONVARITH_STATE_FILE'] = path;
});
