/**
 * `motcua users add|list|disable|enable|reset-password|token`: accounts from the command line
 * (the administrator's page does the same through /api/users). On the embedded database, run it
 * while motcua is stopped: PGlite's folder belongs to one process at a time.
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { createAccount, listAccounts, resetPassword, setAccountActive } from '../auth/accounts.js';
import { issueApiToken } from '../auth/api-tokens.js';
import { generatePassword } from '../auth/passwords.js';
import { isStaffRole, staffRoles } from '../cases/actor.js';
import { MotcuaError } from '../errors.js';
import type { MotcuaDb } from '../store/database.js';
import type { CommandIo } from './procedures-command.js';

const USAGE = `usage: motcua users <command>
  list [--unit Q7.TCKH] [--json]                       accounts with unit, role and state
  add <account> --name "…" --unit <code> --role <role> [--password …]
                                                       a new account; without --password one is generated and shown once
  disable <account> | enable <account>                 disabling ends its sessions and tokens at once
  reset-password <account> [--password …]              a new password (generated if not given); ends its sessions
  token <account> --label "…" [--days N]               a bearer token for an API client, shown once
roles: ${staffRoles.join(', ')}`;

export async function runUsersCommand(args: string[], io: CommandIo, openDb: () => Promise<MotcuaDb>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        unit: { type: 'string' },
        role: { type: 'string' },
        password: { type: 'string' },
        label: { type: 'string' },
        days: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, account] = parsed.positionals;
  const options = parsed.values;
  if (command === undefined || command === 'help') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const needsAccount = ['add', 'disable', 'enable', 'reset-password', 'token'];
  if (needsAccount.includes(command) && !account) {
    io.err(`${command} needs an account\n${USAGE}`);
    return 2;
  }
  if (!['list', ...needsAccount].includes(command)) {
    io.err(`unknown command: ${command}\n${USAGE}`);
    return 2;
  }
  if (command === 'add' && (!options.name || !options.unit || !options.role)) {
    io.err(`add needs --name, --unit and --role\n${USAGE}`);
    return 2;
  }
  if (command === 'add' && !isStaffRole(options.role)) {
    io.err(`unknown role ${options.role}; roles: ${staffRoles.join(', ')}`);
    return 2;
  }
  if (command === 'token' && !options.label) {
    io.err(`token needs --label (what the client is)\n${USAGE}`);
    return 2;
  }
  const days = options.days === undefined ? undefined : Number(options.days);
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    io.err('--days must be a whole number of days ≥ 1');
    return 2;
  }

  const db = await openDb();
  try {
    switch (command) {
      case 'list': {
        const accounts = await listAccounts(db, { unit: options.unit });
        if (options.json) io.out(JSON.stringify(accounts, null, 2));
        else for (const a of accounts) io.out(`${a.account.padEnd(28)} ${a.unit.padEnd(10)} ${a.role.padEnd(13)} ${a.active ? 'active' : 'disabled'}${a.demo ? ' (demo)' : ''}  ${a.name}`);
        return 0;
      }
      case 'add': {
        const password = options.password ?? generatePassword();
        const created = await createAccount(db, { account: account!, name: options.name!, unit: options.unit!, role: options.role as never, password });
        io.out(`created ${created.account} (${created.role}, ${created.unit})`);
        if (!options.password) io.out(`password (shown once): ${password}`);
        return 0;
      }
      case 'disable':
      case 'enable': {
        const changed = await setAccountActive(db, account!, command === 'enable');
        io.out(`${changed.account} ${changed.active ? 'enabled' : 'disabled'}`);
        return 0;
      }
      case 'reset-password': {
        const password = options.password ?? generatePassword();
        const changed = await resetPassword(db, account!, password);
        io.out(`new password set for ${changed.account}; its sessions have ended`);
        if (!options.password) io.out(`password (shown once): ${password}`);
        return 0;
      }
      case 'token': {
        const expiresAt = days === undefined ? null : new Date(Date.now() + days * 86_400_000);
        const issued = await issueApiToken(db, account!, options.label!, expiresAt);
        io.out(`token for ${issued.account} (${issued.label}${issued.expiresAt ? `, until ${issued.expiresAt}` : ''}), shown once:`);
        io.out(issued.token);
        return 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof MotcuaError) {
      io.err(`${error.code}: ${error.messageVi} / ${error.message}`);
      return 1;
    }
    if (error instanceof ZodError) {
      io.err(`REQUEST_INVALID: ${error.issues.map((i) => i.message).join('; ')}`);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}
