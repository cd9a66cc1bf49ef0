// Word pools for the demo-user seeder (seeders/0001-demo-users.ts).
// Kept in a subfolder because umzug runs every seeders/*.js as a seeder.
// Every tag here is already normalised the way the profile API stores tags:
// lower-case, trimmed, single spaces, at most 30 characters, no commas.

export interface Metro {
  /** Short label, also used as a username suffix ("maya_nyc"). */
  key: string;
  name: string;
  latitude: number;
  longitude: number;
  /** Relative share of the demo users. */
  weight: number;
}

/** Metro centres (downtown); users get real ZIPs within METRO_RADIUS_MILES of these. */
export const METROS: readonly Metro[] = [
  { key: 'nyc', name: 'New York', latitude: 40.7484, longitude: -73.9857, weight: 14 },
  { key: 'sf', name: 'San Francisco Bay Area', latitude: 37.7749, longitude: -122.4194, weight: 11 },
  { key: 'la', name: 'Los Angeles', latitude: 34.0522, longitude: -118.2437, weight: 11 },
  { key: 'chi', name: 'Chicago', latitude: 41.8781, longitude: -87.6298, weight: 10 },
  { key: 'atx', name: 'Austin', latitude: 30.2672, longitude: -97.7431, weight: 9 },
  { key: 'sea', name: 'Seattle', latitude: 47.6062, longitude: -122.3321, weight: 9 },
  { key: 'bos', name: 'Boston', latitude: 42.3601, longitude: -71.0589, weight: 9 },
  { key: 'den', name: 'Denver', latitude: 39.7392, longitude: -104.9903, weight: 9 },
  { key: 'atl', name: 'Atlanta', latitude: 33.749, longitude: -84.388, weight: 9 },
  { key: 'pdx', name: 'Portland', latitude: 45.5152, longitude: -122.6784, weight: 9 },
];

export const METRO_RADIUS_MILES = 20;

export const HOBBIES: readonly string[] = [
  'rock climbing', 'bouldering', 'board games', 'sourdough baking', 'urban sketching', 'trail running',
  'hiking', 'cycling', 'pickleball', 'tennis', 'yoga', 'pottery', 'knitting', 'woodworking',
  'gardening', 'birdwatching', 'photography', 'film photography', 'home brewing', 'cooking',
  'salsa dancing', 'swing dancing', 'improv', 'karaoke', 'chess', 'tabletop rpgs', 'video games',
  'kayaking', 'paddleboarding', 'surfing', 'skiing', 'snowboarding', 'camping', 'open mic nights',
  'playing guitar', 'piano', 'choir', 'running', 'swimming', 'volunteering', 'crossword puzzles',
  'calligraphy', 'thrifting', 'trivia nights', 'disc golf', 'fermenting', 'birding by ear',
];

export const INTERESTS: readonly string[] = [
  'jazz', 'indie films', 'science fiction', 'history', 'podcasts', 'true crime', 'astronomy',
  'architecture', 'street food', 'coffee', 'natural wine', 'craft beer', 'vinyl records',
  'indie rock', 'hip hop', 'classical music', 'musicals', 'stand-up comedy', 'poetry',
  'graphic novels', 'anime', 'philosophy', 'psychology', 'urban planning', 'climate action',
  'personal finance', 'startups', 'open source', 'design', 'fashion', 'travel', 'languages',
  'ramen', 'tea', 'museums', 'documentaries', 'nba', 'soccer', 'formula 1', 'national parks',
  'mythology', 'book clubs', 'electronic music', 'typography', 'plants', 'dogs', 'cats',
];

export const FIRST_NAMES: readonly string[] = [
  'maya', 'liam', 'olivia', 'noah', 'emma', 'ethan', 'ava', 'lucas', 'sofia', 'mateo', 'isabella',
  'leo', 'mia', 'james', 'amelia', 'jack', 'harper', 'henry', 'evelyn', 'owen', 'abigail',
  'daniel', 'ella', 'samuel', 'grace', 'david', 'chloe', 'joseph', 'nora', 'carter', 'zoey',
  'wyatt', 'lily', 'julian', 'hannah', 'isaac', 'aria', 'gabriel', 'layla', 'anthony', 'riley',
  'dylan', 'priya', 'arjun', 'mei', 'kenji', 'aisha', 'omar', 'fatima', 'diego', 'camila',
  'jamal', 'keisha', 'tyrone', 'imani', 'sven', 'ingrid', 'nikolai', 'anya', 'tomas', 'lucia',
  'sam', 'alex', 'jordan', 'taylor', 'casey', 'morgan', 'jamie', 'rowan', 'quinn', 'avery',
  'hiro', 'yuki', 'min', 'jin', 'ravi', 'deepa', 'kofi', 'ama', 'finn', 'siobhan', 'marco', 'elena',
];

/** Username endings; '#' becomes a number, '@' the metro key, '*' a hobby-ish word, '%' an initial. */
export const USERNAME_SUFFIXES: readonly string[] = ['_#', '#', '_@', '_*', '*', '_@#', '_%', '%#', '#_@', '_%_@'];
export const USERNAME_WORDS: readonly string[] = [
  'climbs', 'bakes', 'runs', 'reads', 'hikes', 'sketches', 'rides', 'cooks', 'plays', 'brews', 'paints', 'surfs',
];

export const BIO_OPENERS: readonly string[] = [
  'New-ish to town and looking for people to do things with.',
  'Moved here for work, staying for the people (hopefully you).',
  'Lifelong local who still finds new corners of the city.',
  'Weekday spreadsheet wrangler, weekend explorer.',
  'Introvert with extrovert hobbies.',
  'Recently realised all my friends moved away — time to fix that.',
  'Nurse on rotating shifts, so my free time is odd but enthusiastic.',
  'Grad student who needs an excuse to leave the library.',
  'Remote worker who misses coworkers more than expected.',
  'Dog parent, coffee snob, reformed night owl.',
  'Teacher by day; by night, whatever the calendar allows.',
  'Just here for good conversation and better snacks.',
];

export const BIO_MIDDLES: readonly string[] = [
  'Lately I have been getting really into {h}.',
  'Always up for {h} — beginners welcome, I am one too.',
  'Saturdays are for {h}; weeknights are for {i}.',
  'Looking for a {h} buddy who is also into {i}.',
  'Happy to talk about {i} for far too long.',
  'Currently obsessed with {i}; recommendations welcome.',
  'My ideal Sunday: {h} in the morning, {i} in the evening.',
  'I will trade {h} tips for {i} recommendations.',
];

export const BIO_CLOSERS: readonly string[] = [
  'Say hi!',
  'Coffee first, then we see.',
  'Bonus points if you have a favourite taco spot.',
  'Let us be friends who actually make plans.',
  'I promise to reply within a reasonable number of days.',
  'Low-key plans preferred.',
  '',
];

/** Friend radius in miles; repeated values are more likely. */
export const RADII: readonly number[] = [5, 10, 10, 15, 15, 15, 25, 25, 25, 25, 50, 50, 8, 20, 30, 40, 100];
