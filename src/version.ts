// payctl's own version, sent in User-Agent and printed by `payctl --version`.
// Kept in sync with package.json by hand (importing package.json would pull it into the bundle path).

export const VERSION = '0.1.0';
