import { QueryTypes, type Sequelize } from 'sequelize';

export type RoleChange = 'granted' | 'revoked' | 'unchanged';

/** Raised when no account has the name: the operator typed it wrong. */
export class UnknownUser extends Error {}

/**
 * Grants or takes away the moderator role, and writes it in the moderation log in the same
 * transaction (the operator is the actor; there is no account behind them). Asking for what is
 * already so changes nothing and logs nothing.
 */
export async function setModerator(sequelize: Sequelize, input: { username: string; moderator: boolean; actor: string; note?: string }): Promise<RoleChange> {
  const username = input.username.trim().toLowerCase();
  return sequelize.transaction(async (transaction) => {
    const [user] = await sequelize.query<{ id: string; moderator: boolean }>('SELECT id, moderator FROM users WHERE username = $1 FOR UPDATE', {
      bind: [username], type: QueryTypes.SELECT, transaction,
    });
    if (!user) throw new UnknownUser(`no account is named "${username}"`);
    if (user.moderator === input.moderator) return 'unchanged';
    await sequelize.query('UPDATE users SET moderator = $2 WHERE id = $1', { bind: [user.id, input.moderator], transaction });
    await sequelize.query('INSERT INTO moderation_log (actor, action, subject_id, subject, note) VALUES ($1, $2, $3, $4, $5)', {
      bind: [input.actor, input.moderator ? 'grant-moderator' : 'revoke-moderator', user.id, username, input.note ?? ''], transaction,
    });
    return input.moderator ? 'granted' : 'revoked';
  });
}

/** The moderators, by name. */
export async function moderators(sequelize: Sequelize): Promise<string[]> {
  const rows = await sequelize.query<{ username: string }>('SELECT username FROM users WHERE moderator ORDER BY username', { type: QueryTypes.SELECT });
  return rows.map((r) => r.username);
}
