import bcrypt from 'bcrypt';
import { QueryTypes, type QueryInterface } from 'sequelize';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_USERNAME } from './0001-demo-users.js';

/**
 * The demo login's moderator twin, and something for it to resolve: `demo_mod` (same password as
 * the demo login, the moderator role on) lives in Denver, far from the demo login's New York deck,
 * and three open reports by demo users about New Yorkers near the demo login wait in its queue —
 * two about the same person, so "other open reports" and a suspension closing both can be seen.
 *
 * Its email is outside the demo domain so the demo users' own seeder, counts and photos leave it
 * alone; this seeder's down removes it and the reports.
 */
export const DEMO_MODERATOR = 'demo_mod';
export const DEMO_MODERATOR_EMAIL = `${DEMO_MODERATOR}@moderators.${DEMO_EMAIL_DOMAIN}`;

const bcryptCost = () => {
  const cost = Number(process.env.BCRYPT_COST ?? 12);
  return Number.isInteger(cost) && cost >= 4 && cost <= 15 ? cost : 12;
};

interface Shown {
  id: string;
  username: string;
  bio: string;
  hobbies: string[];
  interests: string[];
  prompts: unknown[];
  age: number;
}

/** What a reporter could have seen of someone: the card's words (no place, no email), as the report keeps it. */
const card = (u: Shown) => ({ username: u.username, age: u.age, bio: u.bio, hobbies: u.hobbies, interests: u.interests, prompts: u.prompts });
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();

export async function up(qi: QueryInterface): Promise<void> {
  const q = qi.sequelize;
  const hash = await bcrypt.hash(DEMO_PASSWORD, bcryptCost());
  await q.query(
    `INSERT INTO users (username, email, password_hash, bio, hobbies, interests, zip_code, friend_radius, birth_date, moderator, prompts)
     VALUES ($1, $2, $3, 'The demo login''s moderator twin: log in with the demo password and run friender reports.',
             ARRAY['climbing', 'chess'], ARRAY['podcasts', 'coffee'], '80202', 10, '1988-09-03', true,
             '[{"question": "Ask me about…", "answer": "what a good report looks like."}]'::jsonb)
     ON CONFLICT DO NOTHING`,
    { bind: [DEMO_MODERATOR, DEMO_MODERATOR_EMAIL, hash] },
  );
  // Complete, awake demo users within 25 miles of the demo login, by name: the same people every run.
  const near = await q.query<Shown>(
    `SELECT u.id, u.username, u.bio, u.hobbies, u.interests, u.prompts, date_part('year', age(u.birth_date))::int AS age
       FROM users u JOIN zip_codes z ON z.zip = u.zip_code, users d JOIN zip_codes dz ON dz.zip = d.zip_code
      WHERE d.username = $1 AND u.id <> d.id AND u.complete AND u.snoozed_until IS NULL
        AND lower(u.email) LIKE ('%@' || $2) AND earth_distance(z.location, dz.location) <= 25 * 1609.344
      ORDER BY u.username LIMIT 5`,
    { bind: [DEMO_USERNAME, DEMO_EMAIL_DOMAIN], type: QueryTypes.SELECT },
  );
  const twin = `moderator twin: ${DEMO_MODERATOR} / ${DEMO_PASSWORD}`;
  if (near.length < 5) return void console.error(`${twin} (no demo users to report about)`);
  const [a, b, c, d, e] = near as [Shown, Shown, Shown, Shown, Shown];
  const reports = [
    {
      by: a, about: b, reason: 'spam', hoursAgo: 50, details: 'Every message is a link to a "course". Not here to make friends.',
      messages: [
        { from: a.username, body: 'Hi! Saw you like board games too.', sentAt: at(52) },
        { from: b.username, body: 'Sure! First check out my course at get-rich.example, only $99 today', sentAt: at(51.9) },
        { from: b.username, body: 'Limited seats!! use code FRIEND', sentAt: at(51.8) },
      ],
    },
    {
      by: c, about: b, reason: 'spam', hoursAgo: 26, details: 'Same link to a paid course as soon as we matched.',
      messages: [{ from: b.username, body: 'Hey friend, want to double your income? get-rich.example', sentAt: at(27) }],
    },
    { by: d, about: e, reason: 'fake profile', hoursAgo: 3, details: 'The bio reads like someone else I know; could be a mix-up.', messages: [] },
  ];
  for (const r of reports) {
    await q.query(
      `INSERT INTO reports (reporter_id, reporter_username, reported_id, reported_username, reason, details, evidence, created_at)
       SELECT $1, $2, $3, $4, $5, $6, $7::jsonb, $8
        WHERE NOT EXISTS (SELECT FROM reports WHERE reporter_id = $1 AND reported_id = $3)`,
      { bind: [r.by.id, r.by.username, r.about.id, r.about.username, r.reason, r.details, JSON.stringify({ profile: card(r.about), messages: r.messages }), at(r.hoursAgo)] },
    );
  }
  console.error(`${twin} (${reports.length} open reports to resolve: friender reports)`);
}

export async function down(qi: QueryInterface): Promise<void> {
  const q = qi.sequelize;
  await q.query(
    `DELETE FROM reports r USING users u WHERE u.id = r.reporter_id AND lower(u.email) LIKE ('%@' || $1)`,
    { bind: [DEMO_EMAIL_DOMAIN] },
  );
  await q.query('DELETE FROM moderation_log WHERE actor_id = (SELECT id FROM users WHERE lower(email) = $1)', { bind: [DEMO_MODERATOR_EMAIL] });
  await q.query('DELETE FROM users WHERE lower(email) = $1', { bind: [DEMO_MODERATOR_EMAIL] });
}
