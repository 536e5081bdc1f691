// A standalone Gradle build for the Android library (AAR). Built by the release workflow, which
// has the Android SDK/NDK; see ../ANDROID.md. Run scripts/build-natives.sh first.
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
}

rootProject.name = "wcheckout-android"
