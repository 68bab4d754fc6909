// Regenerates the checked-in completion scripts from the built command tree: npm run completions.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const files = { bash: 'completions/payctl.bash', zsh: 'completions/_payctl', fish: 'completions/payctl.fish' };
for (const [shell, file] of Object.entries(files)) {
  const text = execFileSync(process.execPath, ['bin/payctl.js', 'completion', shell], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${file}\n`);
}
