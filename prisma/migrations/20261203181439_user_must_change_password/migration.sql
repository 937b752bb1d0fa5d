-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT,
    "displayName" TEXT NOT NULL,
    "personId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sessionVersion" INTEGER NOT NULL DEFAULT 1,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("active", "createdAt", "displayName", "id", "passwordHash", "personId", "sessionVersion", "updatedAt", "username") SELECT "active", "createdAt", "displayName", "id", "passwordHash", "personId", "sessionVersion", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_personId_key" ON "User"("personId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Data-version triggers for the new tables
CREATE TRIGGER "User_version_insert" AFTER INSERT ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "User_version_update" AFTER UPDATE ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;

CREATE TRIGGER "User_version_delete" AFTER DELETE ON "User" BEGIN
    UPDATE "DataVersion" SET "n" = "n" + 1 WHERE "area" = 'users';
END;
