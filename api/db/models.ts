import {
  DataTypes,
  Model,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<string>;
  declare username: string;
  declare email: string;
  declare passwordHash: string;
  declare bio: CreationOptional<string>;
  declare hobbies: CreationOptional<string[]>;
  declare interests: CreationOptional<string[]>;
  declare zipCode: CreationOptional<string | null>;
  declare friendRadius: CreationOptional<number | null>;
  /** Counted up by every profile edit (the ETag of /me). */
  declare version: CreationOptional<number>;
  /** YYYY-MM-DD; never shown to anyone else (they see `age`). */
  declare birthDate: CreationOptional<string | null>;
  declare minAge: CreationOptional<number>;
  declare maxAge: CreationOptional<number>;
  declare mutualRadius: CreationOptional<boolean>;
  declare readReceipts: CreationOptional<boolean>;
  /** Stored as 'infinity' while snoozed indefinitely (see profile/snooze); a past time is not snoozed. */
  declare snoozedUntil: CreationOptional<Date | null>;
  declare suspendedAt: CreationOptional<Date | null>;
  declare moderator: CreationOptional<boolean>;
  declare prompts: CreationOptional<Array<{ question: string; answer: string }>>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  declare id: CreationOptional<string>;
  declare userId: ForeignKey<string>;
  declare expiresAt: Date;
  declare revokedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
}

export class Photo extends Model<InferAttributes<Photo>, InferCreationAttributes<Photo>> {
  declare id: CreationOptional<string>;
  declare userId: string;
  declare position: number;
  declare objectKey: string;
  declare thumbnailKey: string;
  declare contentType: string;
  declare width: number;
  declare height: number;
  declare bytes: number;
  /** SHA-256 (hex) of the bytes as uploaded; null for photos stored before it was kept. */
  declare sha256: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export class Swipe extends Model<InferAttributes<Swipe>, InferCreationAttributes<Swipe>> {
  declare swiperId: string;
  declare swipeeId: string;
  declare liked: boolean;
  declare createdAt: CreationOptional<Date>;
}

/** A pair, stored once with userA < userB; ended (unmatched) matches keep their row. */
export class Match extends Model<InferAttributes<Match>, InferCreationAttributes<Match>> {
  declare id: CreationOptional<string>;
  declare userA: string;
  declare userB: string;
  declare createdAt: CreationOptional<Date>;
  declare endedAt: CreationOptional<Date | null>;
  declare endedBy: CreationOptional<string | null>;
  /** Its newest message's time, or its creation (kept by migrations/0013's triggers): the inbox's order. */
  declare lastActivityAt: CreationOptional<Date>;
}

export interface Models {
  User: typeof User;
  Session: typeof Session;
  Photo: typeof Photo;
  Swipe: typeof Swipe;
  Match: typeof Match;
}

/**
 * Maps the tables the migrations create (the schema itself is owned by migrations/).
 * Each Sequelize instance gets its own model classes, so two databases never share one.
 */
export function defineModels(sequelize: Sequelize): Models {
  const models = {
    User: class extends User {},
    Session: class extends Session {},
    Photo: class extends Photo {},
    Swipe: class extends Swipe {},
    Match: class extends Match {},
  };
  defineOn(sequelize, models);
  return models;
}

export function modelsOf(sequelize: Sequelize): Models {
  const { User: user, Session: session, Photo: photo, Swipe: swipe, Match: match } = sequelize.models;
  if (!user || !session || !photo || !swipe || !match) throw new Error('models are not defined on this Sequelize instance');
  return { User: user as typeof User, Session: session as typeof Session, Photo: photo as typeof Photo, Swipe: swipe as typeof Swipe, Match: match as typeof Match };
}

function defineOn(sequelize: Sequelize, { User, Session, Photo, Swipe, Match }: Models): void {
  User.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      username: { type: DataTypes.STRING(30), allowNull: false },
      email: { type: DataTypes.STRING(254), allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      bio: { type: DataTypes.STRING(500), allowNull: false, defaultValue: '' },
      hobbies: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      interests: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: false, defaultValue: [] },
      zipCode: { type: DataTypes.CHAR(5), allowNull: true },
      friendRadius: { type: DataTypes.INTEGER, allowNull: true },
      version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 1 },
      birthDate: { type: DataTypes.DATEONLY, allowNull: true },
      minAge: { type: DataTypes.SMALLINT, allowNull: false, defaultValue: 18 },
      maxAge: { type: DataTypes.SMALLINT, allowNull: false, defaultValue: 99 },
      mutualRadius: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      readReceipts: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      snoozedUntil: { type: DataTypes.DATE, allowNull: true },
      suspendedAt: { type: DataTypes.DATE, allowNull: true },
      moderator: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      prompts: { type: DataTypes.JSONB, allowNull: false, defaultValue: [] },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'User', tableName: 'users', underscored: true },
  );
  Session.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'Session', tableName: 'sessions', underscored: true, updatedAt: false },
  );
  Photo.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      userId: { type: DataTypes.UUID, allowNull: false },
      position: { type: DataTypes.INTEGER, allowNull: false },
      objectKey: { type: DataTypes.TEXT, allowNull: false },
      thumbnailKey: { type: DataTypes.TEXT, allowNull: false },
      contentType: { type: DataTypes.TEXT, allowNull: false },
      width: { type: DataTypes.INTEGER, allowNull: false },
      height: { type: DataTypes.INTEGER, allowNull: false },
      bytes: { type: DataTypes.INTEGER, allowNull: false },
      sha256: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'Photo', tableName: 'photos', underscored: true, updatedAt: false },
  );
  Swipe.init(
    {
      swiperId: { type: DataTypes.UUID, primaryKey: true },
      swipeeId: { type: DataTypes.UUID, primaryKey: true },
      liked: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: DataTypes.DATE,
    },
    { sequelize, modelName: 'Swipe', tableName: 'swipes', underscored: true, updatedAt: false },
  );
  Match.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
      userA: { type: DataTypes.UUID, allowNull: false },
      userB: { type: DataTypes.UUID, allowNull: false },
      createdAt: DataTypes.DATE,
      endedAt: { type: DataTypes.DATE, allowNull: true },
      endedBy: { type: DataTypes.UUID, allowNull: true },
      lastActivityAt: { type: DataTypes.DATE },
    },
    { sequelize, modelName: 'Match', tableName: 'matches', underscored: true, updatedAt: false },
  );
  User.hasMany(Photo, { foreignKey: 'userId', as: 'photos' });
  User.hasMany(Session, { foreignKey: 'userId', onDelete: 'CASCADE' });
  Session.belongsTo(User, { foreignKey: 'userId', as: 'user' });
}
