// `payctl completion bash|zsh|fish`: prints the completion script generated from the command tree.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../errors.js';

export function registerCompletionCommand(program: Command, ctx: CommandContext): void {
  program
    .command('completion')
    .description('print a bash, zsh or fish completion script')
    .argument('<shell>', 'bash|zsh|fish')
    .addHelpText('after', '\nExamples:\n  $ payctl completion bash > ~/.local/share/bash-completion/completions/payctl\n  $ source <(payctl completion bash)\n\nInstall:\n  bash: payctl completion bash \\\n          > ~/.local/share/bash-completion/completions/payctl\n  zsh:  payctl completion zsh > "${fpath[1]}/_payctl"\n  fish: payctl completion fish > ~/.config/fish/completions/payctl.fish\n')
    .action(async (shell: string) => {
      const { generateCompletion } = await import('../../completion/generate.js');
      if (!['bash', 'zsh', 'fish'].includes(shell)) throw new UsageError(`unknown shell "${shell}": use bash, zsh or fish`);
      ctx.f.io.stdout.write(generateCompletion(program, shell as 'bash' | 'zsh' | 'fish'));
    });
}
