-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "maxServiceAccounts" INTEGER;

-- CreateTable
CREATE TABLE "ProjectServiceAccount" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "username" TEXT,
    "state" TEXT NOT NULL DEFAULT 'OK',
    "description" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "preferredIdentifier" TEXT NOT NULL DEFAULT '',
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "errorTraceback" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectServiceAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CourseAccount" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'OK',
    "description" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "errorTraceback" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CourseAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProjectServiceAccount_projectId_idx" ON "ProjectServiceAccount"("projectId");

-- CreateIndex
CREATE INDEX "CourseAccount_projectId_idx" ON "CourseAccount"("projectId");

-- AddForeignKey
ALTER TABLE "ProjectServiceAccount" ADD CONSTRAINT "ProjectServiceAccount_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAccount" ADD CONSTRAINT "CourseAccount_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAccount" ADD CONSTRAINT "CourseAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

