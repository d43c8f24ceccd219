/**
 * Security notifications to the user: a Temporary Access Pass was issued, a sign-in method was
 * added or removed, MFA was reset, the password changed, sessions were revoked. NIST 800-63B
 * §4.1 and §4.6 ask for notice on every bind, reset and recovery through a channel the attacker
 * may not control, so the message goes to the account's email address and to every verified
 * email method. Messages state what happened and when; they never carry a pass, code or
 * password, and a failed delivery is logged rather than undoing the change it reports.
 *
 * @module
 */
import type { ServerContext } from '../context.js';

/** Events a user is told about. */
export type NotificationEvent = 'tap.issued' | 'method.added' | 'method.removed' | 'mfa.reset' | 'password.changed' | 'sessions.revoked'
  | 'device.registered' | 'device.removed' | 'push.reported';

/** Facts shown in the message (method kind and label, expiry…); never secrets. */
export type NotificationDetail = Readonly<Record<string, string | number | boolean>>;

const SUBJECTS: Readonly<Record<NotificationEvent, string>> = {
  'tap.issued': 'A Temporary Access Pass was issued for your account',
  'method.added': 'A sign-in method was added to your account',
  'method.removed': 'A sign-in method was removed from your account',
  'mfa.reset': 'Your sign-in methods were reset',
  'password.changed': 'Your password was changed',
  'sessions.revoked': 'You were signed out everywhere',
  'device.registered': 'An authenticator was registered for sign-in approvals',
  'device.removed': 'An authenticator was removed from your account',
  'push.reported': 'You reported a sign-in request you did not make',
};

const EXPLANATIONS: Readonly<Record<NotificationEvent, string>> = {
  'tap.issued': 'An administrator issued a Temporary Access Pass for your account. It lets someone sign in once to register sign-in methods.',
  'method.added': 'A new sign-in method was registered for your account.',
  'method.removed': 'A sign-in method was removed from your account.',
  'mfa.reset': 'An administrator removed all sign-in methods and authenticator devices from your account and signed you out everywhere. You will be asked to register new ones.',
  'password.changed': 'The password of your account was changed.',
  'sessions.revoked': 'All sessions of your account were ended; you will need to sign in again.',
  'device.registered': 'A new authenticator device was registered to approve sign-ins to your account.',
  'device.removed': 'An authenticator device was removed from your account; it can no longer approve sign-ins.',
  'push.reported': 'You answered "this wasn\'t me" to a sign-in request. Someone may know your password: sign-in requests to your authenticator are paused until your IT team has reviewed the account. Change your password.',
};

function composeText(event: NotificationEvent, at: number, detail: NotificationDetail | undefined): string {
  const facts = Object.entries(detail ?? {}).map(([name, value]) => `${name}: ${String(value)}`);
  return [
    EXPLANATIONS[event],
    '',
    `When: ${new Date(at).toISOString()}`,
    ...facts,
    '',
    'If this was not you or your IT team, contact your IT team now.',
  ].join('\n');
}

/**
 * Who hears about the user's security events: the account address and every verified email
 * method, each once. A change that deletes those methods (MFA reset) reads them first and passes
 * them to {@link notifyUser} once the change has committed.
 */
export async function notificationRecipients(ctx: Pick<ServerContext, 'db'>, user: { tenantId: string; userId: string }): Promise<string[]> {
  const { tenantId, userId } = user;
  const row = await ctx.db.selectFrom('users').select('email').where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
  if (row === undefined) return [];
  const methods = await ctx.db.selectFrom('methods').select('target')
    .where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('kind', '=', 'email').where('verified_at', 'is not', null)
    .execute();
  const all = [row.email, ...methods.map((m) => m.target).filter((t): t is string => t !== null)];
  return [...new Set(all.map((a) => a.toLowerCase()))];
}

/** Options of {@link notifyUser}. */
export interface NotifyOptions {
  /** Addresses read earlier with {@link notificationRecipients}; default: read them now. */
  readonly recipients?: readonly string[];
}

/**
 * Emails the user about `event`. Resolves once every recipient was tried; delivery failures are
 * logged (without the message) and do not throw.
 *
 * @example
 * ```ts
 * await notifyUser(ctx, { tenantId, userId }, 'method.added', { kind: 'totp', label: 'Phone' });
 * ```
 */
export async function notifyUser(ctx: ServerContext, user: { tenantId: string; userId: string }, event: NotificationEvent, detail?: NotificationDetail, options: NotifyOptions = {}): Promise<void> {
  const recipients = options.recipients ?? await notificationRecipients(ctx, user);
  const text = composeText(event, ctx.now(), detail);
  for (const to of recipients) {
    try {
      await ctx.mailer.send({ to, subject: SUBJECTS[event], text });
    } catch (error) {
      ctx.log.error({ event, tenantId: user.tenantId, userId: user.userId, err: error instanceof Error ? error.message : 'unknown' }, 'notification could not be delivered');
    }
  }
}
