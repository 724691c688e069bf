// The stated thresholds of patrol cleaning and coverage (README, "Patrol tracks and coverage"). One place, so the
// API, the seed's numbers and the docs can be checked against each other.

/** Faster than this from the last kept point is a GPS jump, not a grid worker (on foot, by bike or by car). */
export const MAX_SPEED_KMH = 120;
/** A longer gap between two points ends a patrol: the rest of the track is a new patrol. */
export const MAX_PAUSE_S = 30 * 60;
/** Points farther than this outside the county outline are dropped (the border itself is patrolled). */
export const OUTSIDE_BUFFER_M = 2000;
/** A piece needs two points to be a line. */
export const MIN_PIECE_POINTS = 2;
/** The part of a grid within this distance of a worker's track counts as covered. */
export const COVER_RADIUS_M = 30;
/** A risk point this close to a track counts as visited. */
export const VISIT_RADIUS_M = 20;
/** Tracks are simplified to this before buffering: GPS noise, and a 1 Hz track would make buffering slow. */
export const COVER_SIMPLIFY_M = 2;
/**
 * A track with more vertices than this after simplifying is buffered as the distinct cells of a lattice this many
 * metres apart (gw_patrol_band, migration 0016): a noisy day-long track crosses itself thousands of times, and
 * buffering it as a line took minutes.
 */
export const COVER_LATTICE_M = 10;
export const COVER_LINE_MAX_VERTICES = 500;
/**
 * Days are the county's calendar days. China Standard Time has had no daylight saving since 1991, so a fixed
 * offset splits tracks at local midnight in JS, and the zone name does the same in SQL.
 */
export const DAY_TIME_ZONE = 'Asia/Shanghai';
export const DAY_UTC_OFFSET_S = 8 * 3600;
/** Track bodies may be large: 100,000 GPX points with times are about 10 MB. */
export const MAX_TRACK_BODY = '40mb';
/** The longest gap window the API computes. */
export const MAX_GAP_DAYS = 90;

/** The local day (YYYY-MM-DD) of an epoch second. */
export const localDay = (epochS: number) => new Date((epochS + DAY_UTC_OFFSET_S) * 1000).toISOString().slice(0, 10);
/** The local day number of an epoch second: tracks are split where it changes. */
export const localDayNumber = (epochS: number) => Math.floor((epochS + DAY_UTC_OFFSET_S) / 86400);
