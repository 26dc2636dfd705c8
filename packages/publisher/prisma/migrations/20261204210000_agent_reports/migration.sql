-- CreateTable
CREATE TABLE "MemberSyncStatus" (
    "id" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scopeType" TEXT NOT NULL,
    "roleName" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "username" TEXT NOT NULL DEFAULT '',
    "userId" TEXT,
    "resourceProjectId" TEXT,
    "message" TEXT NOT NULL DEFAULT '',
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberSyncStatus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackendResource" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "offeringId" TEXT NOT NULL,
    "backendId" TEXT NOT NULL DEFAULT '',
    "backendMetadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackendResource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceApiKey" (
    "id" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL DEFAULT '',
    "fingerprint" TEXT NOT NULL DEFAULT '',
    "state" TEXT NOT NULL DEFAULT 'OK',
    "errorMessage" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "modified" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MemberSyncStatus_resourceId_key_key" ON "MemberSyncStatus"("resourceId", "key");

-- CreateIndex
CREATE INDEX "BackendResource_offeringId_idx" ON "BackendResource"("offeringId");

-- CreateIndex
CREATE INDEX "ResourceApiKey_resourceId_idx" ON "ResourceApiKey"("resourceId");

-- AddForeignKey
ALTER TABLE "MemberSyncStatus" ADD CONSTRAINT "MemberSyncStatus_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackendResource" ADD CONSTRAINT "BackendResource_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackendResource" ADD CONSTRAINT "BackendResource_offeringId_fkey" FOREIGN KEY ("offeringId") REFERENCES "Offering"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceApiKey" ADD CONSTRAINT "ResourceApiKey_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

