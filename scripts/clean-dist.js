// Empties dist/ before a build, so files of moved or deleted sources never reach the package.
const fs = require('fs');
const path = require('path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
