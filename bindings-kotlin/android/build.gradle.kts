// The Android library: the same hand-written Kotlin layer as the JVM jar (../src/main/kotlin/com),
// UniFFI bindings generated with android = true (src/main/uniffi, by scripts/build-natives.sh),
// one libwcheckout_ffi.so per ABI under src/main/jniLibs (cargo-ndk, 16 KB pages), JNA as an AAR.
import org.jetbrains.kotlin.gradle.dsl.JvmTarget
import org.jetbrains.kotlin.gradle.dsl.KotlinVersion

plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    id("maven-publish")
}

// The repository's single version: the root Cargo.toml's [workspace.package] version.
val wcheckoutVersion: String = Regex("""(?ms)^\[workspace\.package\].*?^version\s*=\s*"([^"]+)"""")
    .find(rootDir.resolve("../../Cargo.toml").readText())?.groupValues?.get(1)
    ?: error("no [workspace.package] version in Cargo.toml")

group = "com.wcheckout"
version = wcheckoutVersion

android {
    namespace = "com.wcheckout"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }

    sourceSets["main"].apply {
        // Android bindings + the shared Kotlin layer (../src/main/kotlin/com), not the
        // JVM-generated bindings next to it (../src/main/kotlin/generated).
        kotlin.srcDirs("src/main/uniffi", "../src/main/kotlin/com")
        jniLibs.srcDirs("src/main/jniLibs")
        resources.srcDirs("build/licences")
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_11
        targetCompatibility = JavaVersion.VERSION_11
    }

    packaging {
        // Keep the .so uncompressed and 16 KB aligned inside APKs built from this AAR.
        jniLibs.useLegacyPackaging = false
    }

    publishing {
        singleVariant("release") {
            withSourcesJar()
            withJavadocJar()
        }
    }
}

kotlin {
    compilerOptions {
        jvmTarget.set(JvmTarget.JVM_11)
        // Same consumer guarantees as the JVM jar.
        languageVersion.set(KotlinVersion.KOTLIN_2_2)
        apiVersion.set(KotlinVersion.KOTLIN_2_2)
    }
}

dependencies {
    // JNA as an AAR: it carries libjnidispatch.so for every Android ABI (the plain jar does not).
    implementation("net.java.dev.jna:jna:5.19.1@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
    // The generated code uses @RequiresApi for the API 34+ SystemCleaner path.
    implementation("androidx.annotation:annotation:1.9.1")
}

// LICENSE-MIT / LICENSE-APACHE at META-INF/ in the AAR's classes.jar, as in the JVM jar.
val copyLicences by tasks.registering(Copy::class) {
    from(rootDir.resolve("../.."))
    include("LICENSE-MIT", "LICENSE-APACHE")
    into(layout.buildDirectory.dir("licences/META-INF"))
}
tasks.named("preBuild") { dependsOn(copyLicences) }

// An AAR's own check that the natives are there: a missing ABI is a build error, not a crash on a device.
val checkJniLibs by tasks.registering {
    doLast {
        for (abi in listOf("arm64-v8a", "armeabi-v7a", "x86_64")) {
            val lib = file("src/main/jniLibs/$abi/libwcheckout_ffi.so")
            check(lib.isFile) { "missing $lib: run scripts/build-natives.sh first" }
        }
        check(file("src/main/uniffi").isDirectory) { "missing src/main/uniffi: run scripts/build-natives.sh first" }
    }
}
tasks.named("preBuild") { dependsOn(checkJniLibs) }

// The AGP "release" component exists only once the project is evaluated.
afterEvaluate {
    publishing {
        publications {
            create<MavenPublication>("release") {
                groupId = "com.wcheckout"
                artifactId = "wcheckout-android"
                version = wcheckoutVersion
                from(components["release"])
                pom {
                    name.set("wcheckout-android")
                    description.set("W Checkout (StableLink) stablecoin payment SDK for Android: the Rust core through UniFFI and JNA")
                    url.set("https://github.com/wcheckout/wcheckout")
                    licenses {
                        license { name.set("MIT"); url.set("https://opensource.org/license/mit") }
                        license { name.set("Apache-2.0"); url.set("https://www.apache.org/licenses/LICENSE-2.0.txt") }
                    }
                    developers {
                        developer { id.set("wcheckout"); name.set("The wcheckout developers") }
                    }
                    scm {
                        connection.set("scm:git:https://github.com/wcheckout/wcheckout.git")
                        url.set("https://github.com/wcheckout/wcheckout")
                    }
                }
            }
        }
        repositories {
            // `gradle publishReleasePublicationToDistRepository`: next to the JVM artifact.
            maven {
                name = "dist"
                url = uri(rootDir.resolve("../../target/dist/maven"))
            }
        }
    }
}
