-- CreateTable
CREATE TABLE "MessageState" (
    "objectType" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "modified" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageState_pkey" PRIMARY KEY ("objectType","objectId")
);
