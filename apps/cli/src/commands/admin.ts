/**
 * `tessera admin …`: the organisation server's admin API from the terminal. Signing in uses the
 * OAuth device flow in a browser, so passwords and second factors never pass through the
 * terminal; automation passes a token instead. The server and token are options of
 * `tessera admin` itself, so every subcommand accepts them in the same way.
 *
 * @module
 */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { auditCommand } from '../admin/commands/audit.js';
import { guestCommands } from '../admin/commands/guests.js';
import { loginCommand, logoutCommand } from '../admin/commands/login.js';
import { policyCommand, tenantCommand } from '../admin/commands/tenant.js';
import { userActionCommands } from '../admin/commands/user-actions.js';
import { usersCommand } from '../admin/commands/users.js';

/** Builds the `admin` command. */
export function adminCommand(context: () => Promise<CommandContext>): Command {
  const admin = new Command('admin')
    .summary('administer your organisation\'s tessera-server (users, TAP, MFA reset, audit)')
    .option('--server <url>', 'the tessera-server (default: $TESSERA_ADMIN_SERVER, else the one you signed in to)')
    .option('--token <token>', 'an access token for automation (default: $TESSERA_ADMIN_TOKEN, which other users cannot see in the process list; else the stored sign-in)')
    .addHelpText(
      'after',
      `
Examples:
  tessera admin login --server https://id.example.com
  tessera admin users add alice@example.com --name "Alice Liddell"
  tessera admin tap issue alice@example.com --lifetime 2h
  tessera admin audit --since 24h

See docs/admin.md.`,
    );
  for (const sub of [loginCommand(context), logoutCommand(context), tenantCommand(context), policyCommand(context), usersCommand(context), ...userActionCommands(context), ...guestCommands(context), auditCommand(context)]) {
    admin.addCommand(sub);
  }
  return admin;
}
